import type { JsonObject } from '@weft/engine';
import { describe, expect, it, onTestFinished } from 'vitest';
import { fetchHttpPort, type LoopbackHandler, type ReceivedRequest, runNode, startLoopbackServer } from '../../sdk/testing/index.ts';
import { httpNode } from './http-node.ts';

async function serve(handler?: LoopbackHandler) {
  const server = await startLoopbackServer(handler);
  onTestFinished(() => server.close());
  return server;
}

const http = fetchHttpPort();

// Not valid UTF-8, so a body that went through text on the way would not arrive intact.
const imageBytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0x00, 0x80]);
const imageBase64 = Buffer.from(imageBytes).toString('base64');

/** What a server makes of a multipart body: the platform's own parser reads it. */
async function multipartFields(request: ReceivedRequest | undefined): Promise<FormData> {
  if (request === undefined) throw new Error('the server received no request');
  return new Response(request.bytes, { headers: { 'content-type': request.headers['content-type'] ?? '' } }).formData();
}

describe('core.http query parameters', () => {
  it('adds them to the URL, encoded, repeated names and expressions included', async () => {
    const server = await serve();

    await runNode(httpNode, {
      http,
      input: { term: 'red & blue', skip: null },
      params: {
        url: `${server.url}/search?fixed=1`,
        query: [
          { name: 'q', value: '=$.term' },
          { name: 'tag', value: 'a' },
          { name: 'tag', value: 'b' },
          { name: 'limit', value: 50 },
          { name: 'skip', value: '=$.skip' },
          { name: 'missing', value: '=$.nothing' },
        ],
      },
    });

    expect(server.requests[0]?.path).toBe('/search?fixed=1&q=red%20%26%20blue&tag=a&tag=b&limit=50');
  });
});

describe('core.http request bodies', () => {
  it('sends form fields urlencoded', async () => {
    const server = await serve();

    await runNode(httpNode, {
      http,
      input: { to: '+15551234567' },
      params: { method: 'POST', url: server.url, bodyType: 'form', fields: [{ name: 'To', value: '=$.to' }, { name: 'Body', value: 'hi there & bye' }, { name: 'n', value: 2 }] },
    });

    const [received] = server.requests;
    expect(received?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect([...new URLSearchParams(received?.body)]).toEqual([
      ['To', '+15551234567'],
      ['Body', 'hi there & bye'],
      ['n', '2'],
    ]);
  });

  it('sends multipart fields and a file given as base64, byte for byte', async () => {
    const server = await serve();

    const step = await runNode(httpNode, {
      http,
      input: { upload: { base64: imageBase64, contentType: 'image/png' } },
      params: {
        method: 'POST',
        url: server.url,
        bodyType: 'multipart',
        // A Content-Type header cannot know the boundary: the node's own replaces it.
        headers: { 'Content-Type': 'multipart/form-data' },
        fields: [
          { name: 'title', value: 'Logo' },
          { name: 'image', file: { base64: '=$.upload.base64', filename: 'logo.png', contentType: '=$.upload.contentType' } },
        ],
      },
    });

    expect(step.status).toBe('succeeded');
    const [received] = server.requests;
    expect(received?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const form = await multipartFields(received);
    expect(form.get('title')).toBe('Logo');
    const image = form.get('image');
    expect(image).toBeInstanceOf(File);
    if (!(image instanceof File)) return;
    expect({ name: image.name, type: image.type }).toEqual({ name: 'logo.png', type: 'image/png' });
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(imageBytes);
  });

  it.each<{ why: string; params: JsonObject; contentType: string }>([
    { why: 'text/plain by default', params: {}, contentType: 'text/plain; charset=utf-8' },
    { why: 'the content type asked for', params: { contentType: 'application/xml' }, contentType: 'application/xml' },
    { why: 'a Content-Type header over the param', params: { contentType: 'application/xml', headers: { 'Content-Type': 'text/csv' } }, contentType: 'text/csv' },
  ])('sends raw text with $why', async ({ params, contentType }) => {
    const server = await serve();

    await runNode(httpNode, { http, params: { method: 'POST', url: server.url, bodyType: 'text', body: '<order id="1"/>', ...params } });

    expect(server.requests[0]).toMatchObject({ body: '<order id="1"/>', headers: { 'content-type': contentType } });
  });

  it.each<{ why: string; params: JsonObject; path: string }>([
    { why: 'a file in a form (urlencoded) body', params: { bodyType: 'form', fields: [{ name: 'f', file: { base64: imageBase64, filename: 'a.png' } }] }, path: 'nodes[1].params.fields[0].file' },
    { why: 'a file that is not base64', params: { bodyType: 'multipart', fields: [{ name: 'f', file: { base64: 'not base64!', filename: 'a.png' } }] }, path: 'nodes[1].params.fields[0].file.base64' },
  ])('refuses $why when the flow is checked', async ({ params, path }) => {
    const run = runNode(httpNode, { http, params: { method: 'POST', url: 'http://127.0.0.1:9/', ...params } });

    await expect(run).rejects.toMatchObject({ code: 'invalid_flow', details: { problems: [{ code: 'invalid_params', path }] } });
  });
});

describe('core.http credentials', () => {
  it.each<{ type: string; values: JsonObject; header: string; expected: string }>([
    { type: 'core.bearer', values: { token: 'tk_1' }, header: 'authorization', expected: 'Bearer tk_1' },
    { type: 'core.apiKey', values: { headerName: 'X-Api-Key', key: 'k_1' }, header: 'x-api-key', expected: 'k_1' },
    { type: 'core.basic', values: { username: 'ada', password: 'pw' }, header: 'authorization', expected: `Basic ${btoa('ada:pw')}` },
  ])('authenticates with a $type credential', async ({ type, values, header, expected }) => {
    const server = await serve();

    const step = await runNode(httpNode, { http, params: { url: server.url }, credentials: { auth: { type, values } } });

    expect(step.status).toBe('succeeded');
    expect(server.requests[0]?.headers[header]).toBe(expected);
  });
});
