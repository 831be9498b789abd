import type { HttpPort } from '@weft/engine';
import { describe, expect, it, onTestFinished } from 'vitest';
import { fetchHttpPort, type LoopbackHandler, type LoopbackReply, runNode, startLoopbackServer } from '../../sdk/testing/index.ts';
import { httpNode } from './http-node.ts';

async function serve(handler?: LoopbackHandler) {
  const server = await startLoopbackServer(handler);
  onTestFinished(() => server.close());
  return server;
}

const http = fetchHttpPort();
// Not valid UTF-8: only a body kept as bytes all the way arrives intact.
const pdfBytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0xe2, 0xe3, 0xcf, 0xd3, 0x00, 0xff]);
const pdfBase64 = Buffer.from(pdfBytes).toString('base64');
const answer = (contentType: string, body: string | Uint8Array, status = 200): LoopbackReply => ({ status, headers: { 'content-type': contentType }, body });

describe('core.http response formats', () => {
  it.each([
    { format: 'auto', served: 'JSON', reply: answer('application/json', '{"a":1}'), body: { a: 1 } },
    { format: 'auto', served: 'HTML', reply: answer('text/html', '<p>hi</p>'), body: '<p>hi</p>' },
    { format: 'json', served: 'JSON labelled text/plain', reply: answer('text/plain', '{"a":1}'), body: { a: 1 } },
    { format: 'json', served: 'an empty body', reply: answer('application/json', ''), body: null },
    { format: 'text', served: 'JSON', reply: answer('application/json', '{"a":1}'), body: '{"a":1}' },
    { format: 'binary', served: 'a PDF', reply: answer('application/pdf', pdfBytes), body: { base64: pdfBase64, contentType: 'application/pdf', size: 10 } },
    { format: 'binary', served: 'bytes of no stated type', reply: { body: pdfBytes }, body: { base64: pdfBase64, contentType: 'application/octet-stream', size: 10 } },
  ])('$format outputs $served as $body', async ({ format, reply, body }) => {
    const server = await serve(() => reply);

    const step = await runNode(httpNode, { http, params: { url: server.url, responseFormat: format } });

    expect(step).toMatchObject({ status: 'succeeded', output: { status: 200, body } });
  });

  it('fails with invalid_json_response when json is asked for and a 2xx answer is not JSON', async () => {
    const server = await serve(() => answer('text/html', '<html>oops</html>'));

    const step = await runNode(httpNode, { http, params: { url: server.url, responseFormat: 'json' } });

    expect(step).toMatchObject({ status: 'failed', error: { code: 'invalid_json_response', retryable: false, details: { body: '<html>oops</html>' } } });
  });

  it('keeps an error page as text under json when failOnHttpError is off', async () => {
    const server = await serve(() => answer('text/html', '<h1>Bad gateway</h1>', 502));

    const step = await runNode(httpNode, { http, params: { url: server.url, responseFormat: 'json', failOnHttpError: false } });

    expect(step).toMatchObject({ status: 'succeeded', output: { status: 502, body: '<h1>Bad gateway</h1>' } });
  });

  it('previews a binary error answer as text in the error details', async () => {
    const server = await serve(() => answer('text/plain', 'no such file', 404));

    const step = await runNode(httpNode, { http, params: { url: server.url, responseFormat: 'binary' } });

    expect(step).toMatchObject({ status: 'failed', error: { code: 'http_error', details: { status: 404, body: 'no such file' } } });
  });

  it('fails with binary_unsupported rather than output bytes mangled by an HTTP port that only reads text', async () => {
    const server = await serve(() => answer('application/pdf', pdfBytes));
    const textOnly: HttpPort = { request: async ({ responseType: _ignored, ...request }) => http.request(request) };

    const step = await runNode(httpNode, { http: textOnly, params: { url: server.url, responseFormat: 'binary' } });

    expect(step).toMatchObject({ status: 'failed', error: { code: 'binary_unsupported' } });
  });
});
