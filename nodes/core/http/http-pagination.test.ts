import type { Json, JsonObject } from '@weft/engine';
import { describe, expect, it, onTestFinished } from 'vitest';
import { fetchHttpPort, type LoopbackHandler, type LoopbackReply, type ReceivedRequest, runNode, startLoopbackServer } from '../../sdk/testing/index.ts';
import { httpNode } from './http-node.ts';
import { MAX_COLLECTED_CHARS } from './paginate.ts';

async function serve(handler?: LoopbackHandler) {
  const server = await startLoopbackServer(handler);
  onTestFinished(() => server.close());
  return server;
}

const http = fetchHttpPort();
const records = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id) => ({ id }));
const json = (body: Json, headers: Record<string, string> = {}): LoopbackReply => ({ headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const queryOf = (request: ReceivedRequest) => new URL(request.path, 'http://loopback').searchParams;

// Three APIs serving `records` three at a time, each paging its own way.
const byCursor: LoopbackHandler = (request) => {
  const start = Number(queryOf(request).get('cursor') ?? 0);
  const next = start + 3 < records.length ? String(start + 3) : null;
  return json({ data: records.slice(start, start + 3), meta: { next_cursor: next } });
};
const byOffset: LoopbackHandler = (request) => {
  const offset = Number(queryOf(request).get('skip'));
  return json({ results: records.slice(offset, offset + Number(queryOf(request).get('take'))) });
};
const byLinkHeader: LoopbackHandler = (request) => {
  const page = Number(queryOf(request).get('page') ?? 1);
  const link: Record<string, string> = page * 3 < records.length ? { link: `</items?page=${page + 1}>; rel="next", </items?page=3>; rel="last"` } : {};
  return json(records.slice((page - 1) * 3, page * 3), link);
};

describe('core.http pagination', () => {
  it.each<{ mode: string; handler: LoopbackHandler; pagination: JsonObject; paths: string[] }>([
    {
      mode: 'cursor',
      handler: byCursor,
      pagination: { mode: 'cursor', itemsPath: 'data', cursorPath: 'meta.next_cursor', cursorParam: 'cursor' },
      paths: ['/items?fixed=1', '/items?fixed=1&cursor=3', '/items?fixed=1&cursor=6'],
    },
    {
      mode: 'offset',
      handler: byOffset,
      pagination: { mode: 'offset', itemsPath: 'results', offsetParam: 'skip', limitParam: 'take', pageSize: 3 },
      paths: ['/items?fixed=1&skip=0&take=3', '/items?fixed=1&skip=3&take=3', '/items?fixed=1&skip=6&take=3'],
    },
    {
      mode: 'linkHeader',
      handler: byLinkHeader,
      pagination: { mode: 'linkHeader' },
      paths: ['/items?fixed=1', '/items?page=2', '/items?page=3'],
    },
  ])('$mode: fetches every page and outputs all items in order', async ({ handler, pagination, paths }) => {
    const server = await serve(handler);

    const step = await runNode(httpNode, { http, params: { url: `${server.url}/items`, query: [{ name: 'fixed', value: 1 }], pagination } });

    expect(step).toMatchObject({ status: 'succeeded', output: { status: 200, items: records, pages: 3, hasMore: false } });
    expect(server.requests.map((request) => request.path)).toEqual(paths);
  });

  it('offset: stops after an empty page when the items fill the last page exactly', async () => {
    const server = await serve(byOffset);

    const step = await runNode(httpNode, {
      http,
      params: { url: server.url, pagination: { mode: 'offset', itemsPath: 'results', offsetParam: 'skip', limitParam: 'take', pageSize: 7 } },
    });

    expect(step.output).toMatchObject({ items: records, pages: 2, hasMore: false });
  });

  it('stops at maxPages and says more pages were left', async () => {
    const server = await serve(byCursor);

    const step = await runNode(httpNode, {
      http,
      params: { url: server.url, pagination: { mode: 'cursor', itemsPath: 'data', cursorPath: 'meta.next_cursor', cursorParam: 'cursor', maxPages: 2 } },
    });

    expect(step.output).toMatchObject({ items: records.slice(0, 6), pages: 2, hasMore: true });
    expect(server.requests).toHaveLength(2);
  });

  it.each<{ why: string; params: JsonObject; path: string }>([
    { why: 'maxPages above the hard cap', params: { pagination: { mode: 'linkHeader', maxPages: 101 } }, path: 'nodes[1].params.pagination.maxPages' },
    { why: 'a text response format', params: { pagination: { mode: 'linkHeader' }, responseFormat: 'text' }, path: 'nodes[1].params.responseFormat' },
    { why: 'an offset without a page size', params: { pagination: { mode: 'offset' } }, path: 'nodes[1].params.pagination.pageSize' },
  ])('refuses $why when the flow is checked', async ({ params, path }) => {
    const run = runNode(httpNode, { http, params: { url: 'http://127.0.0.1:9/', ...params } });

    await expect(run).rejects.toMatchObject({ code: 'invalid_flow', details: { problems: [{ code: 'invalid_params', path }] } });
  });

  it.each([
    { why: 'no list at itemsPath', reply: json({ data: { id: 'a' } }), itemsPath: 'data', code: 'items_not_found' },
    { why: 'a page that is not JSON', reply: { headers: { 'content-type': 'text/html' }, body: '<html></html>' }, itemsPath: undefined, code: 'items_not_found' },
    { why: 'a next link to another origin', reply: json([], { link: '<http://127.0.0.2:1/items?page=2>; rel="next"' }), itemsPath: undefined, code: 'invalid_next_link' },
  ])('fails with $code on $why', async ({ reply, itemsPath, code }) => {
    const server = await serve(() => reply);

    const step = await runNode(httpNode, { http, params: { url: server.url, pagination: { mode: 'linkHeader', ...(itemsPath === undefined ? {} : { itemsPath }) } } });

    expect(step).toMatchObject({ status: 'failed', error: { code } });
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    { failOnHttpError: true, expected: { status: 'failed', output: null, error: { code: 'http_error', retryable: true, details: { status: 503 } } } },
    {
      failOnHttpError: false,
      expected: { status: 'succeeded', output: { status: 503, body: { error: 'busy' }, items: records.slice(0, 3), pages: 2, hasMore: false } },
    },
  ])('a page answered 503 with failOnHttpError $failOnHttpError', async ({ failOnHttpError, expected }) => {
    const server = await serve((request) => (queryOf(request).has('cursor') ? { ...json({ error: 'busy' }), status: 503 } : byCursor(request)));

    const step = await runNode(httpNode, {
      http,
      params: { url: server.url, failOnHttpError, pagination: { mode: 'cursor', itemsPath: 'data', cursorPath: 'meta.next_cursor', cursorParam: 'cursor' } },
    });

    expect(step).toMatchObject(expected);
  });

  it('authenticates every page and gives each page its own Idempotency-Key', async () => {
    const server = await serve(byLinkHeader);

    const step = await runNode(httpNode, {
      http,
      params: { method: 'POST', url: `${server.url}/items`, body: { filter: 'all' }, pagination: { mode: 'linkHeader' } },
      credentials: { auth: { type: 'core.bearer', values: { token: 'tk_1' } } },
    });

    expect(step.status).toBe('succeeded');
    expect(server.requests.map((request) => [request.headers.authorization, request.headers['idempotency-key'], request.body])).toEqual([
      ['Bearer tk_1', 'exec_test:subject', '{"filter":"all"}'],
      ['Bearer tk_1', 'exec_test:subject:page-2', '{"filter":"all"}'],
      ['Bearer tk_1', 'exec_test:subject:page-3', '{"filter":"all"}'],
    ]);
  });

  it('fails with http_response_too_large when the pages together outgrow the cap', async () => {
    const big = 'x'.repeat(MAX_COLLECTED_CHARS / 2 + 1);
    const server = await serve((request) => json({ data: [big], next: Number(queryOf(request).get('cursor') ?? 0) + 1 }));

    const step = await runNode(httpNode, {
      http,
      params: { url: server.url, pagination: { mode: 'cursor', itemsPath: 'data', cursorPath: 'next', cursorParam: 'cursor' } },
    });

    expect(step).toMatchObject({ status: 'failed', error: { code: 'http_response_too_large' } });
    expect(server.requests).toHaveLength(2);
  });
});
