import { type HttpResponse, type Json, type JsonObject, NodeRunError } from '@weft/engine';
import { kindOf, valueAt } from '../field-path.ts';
import { type HttpCall, rejectHttpError, succeeded } from './http-call.ts';
import type { HttpParams, Pagination, QueryEntry } from './http-params.ts';
import { nextLink } from './link-header.ts';
import { settingQuery, withQuery } from './request-url.ts';
import { decodeBody } from './response-body.ts';

/** What all pages together may weigh: each page is capped by the HTTP port, the collection here. */
export const MAX_COLLECTED_CHARS = 10 * 1024 * 1024;

type Paged = Exclude<Pagination, { mode: 'none' }>;

/** Where the next page is: the URL as configured plus query entries, or (link header) a URL given whole. */
interface PageRequest {
  url: string;
  query: readonly QueryEntry[];
}

interface FetchedPage {
  request: PageRequest;
  response: HttpResponse;
  body: Json;
  items: Json[];
}

/**
 * Fetches page after page and outputs `{ status, headers, items, pages, hasMore }`: every page's
 * items in order, the last page's status and headers, and whether maxPages stopped a next page.
 * A page answered outside 2xx (when the flow does not fail on those) ends paging; the output
 * then carries that answer's `body` too.
 */
export async function paginate(params: HttpParams, pagination: Paged, call: HttpCall): Promise<JsonObject> {
  const items: Json[] = [];
  let collected = 0;
  let request = firstPage(params, pagination);
  for (let page = 1; ; page++) {
    const url = withQuery(request.url, request.query);
    const response = await call.send(url, page);
    const head = { status: response.status, headers: response.headers };
    rejectHttpError(params, url, response);
    if (!succeeded(response)) return { ...head, body: decodeBody(response, params.responseFormat), items, pages: page, hasMore: false };
    collected += response.body.length;
    if (collected > MAX_COLLECTED_CHARS) {
      throw new NodeRunError('http_response_too_large', `${page} pages hold more than ${MAX_COLLECTED_CHARS} characters; lower maxPages`);
    }
    const body = decodeBody(response, params.responseFormat);
    const fetched: FetchedPage = { request, response, body, items: itemsOf(body, pagination.itemsPath, page) };
    items.push(...fetched.items);
    const next = nextPage(pagination, fetched, page);
    if (next === undefined || page === pagination.maxPages) return { ...head, items, pages: page, hasMore: next !== undefined };
    request = next;
  }
}

function firstPage(params: HttpParams, pagination: Paged): PageRequest {
  if (pagination.mode !== 'offset') return { url: params.url, query: params.query };
  return { url: params.url, query: offsetQuery(params.query, pagination, 0) };
}

function nextPage(pagination: Paged, fetched: FetchedPage, page: number): PageRequest | undefined {
  switch (pagination.mode) {
    case 'cursor': {
      const cursor = valueAt(fetched.body, pagination.cursorPath);
      if (cursor === undefined || cursor === null || cursor === '' || cursor === false) return undefined;
      if (typeof cursor === 'object') {
        throw new NodeRunError('invalid_cursor', `page ${page} holds ${kindOf(cursor)} at "${pagination.cursorPath}", not a cursor to send`);
      }
      return { url: fetched.request.url, query: settingQuery(fetched.request.query, pagination.cursorParam, String(cursor)) };
    }
    case 'offset':
      if (fetched.items.length < pagination.pageSize) return undefined;
      return { url: fetched.request.url, query: offsetQuery(fetched.request.query, pagination, page * pagination.pageSize) };
    case 'linkHeader': {
      const link = nextLink(fetched.response.headers.link);
      return link === undefined ? undefined : { url: linkedUrl(withQuery(fetched.request.url, fetched.request.query), link), query: [] };
    }
  }
}

function offsetQuery(query: readonly QueryEntry[], pagination: Extract<Paged, { mode: 'offset' }>, offset: number): QueryEntry[] {
  const withOffset = settingQuery(query, pagination.offsetParam, offset);
  return pagination.limitParam === undefined ? withOffset : settingQuery(withOffset, pagination.limitParam, pagination.pageSize);
}

// The step's headers (and credentials) were meant for one origin; a next link elsewhere is not followed.
function linkedUrl(current: string, link: string): string {
  const here = new URL(current);
  const next = URL.parse(link, here);
  if (next === null || (next.protocol !== 'http:' && next.protocol !== 'https:')) {
    throw new NodeRunError('invalid_next_link', `the next-page link "${link}" is not an http(s) URL`);
  }
  if (next.origin !== here.origin) {
    throw new NodeRunError('invalid_next_link', `the next-page link leads to ${next.origin}, away from ${here.origin}; it is not followed`);
  }
  return next.href;
}

function itemsOf(body: Json, itemsPath: string | undefined, page: number): Json[] {
  const found = itemsPath === undefined ? body : valueAt(body, itemsPath);
  if (Array.isArray(found)) return found;
  const where = itemsPath === undefined ? 'the page itself' : `"${itemsPath}"`;
  throw new NodeRunError('items_not_found', `page ${page} holds ${kindOf(found)} at ${where}, not a list of items`, {
    details: { page, itemsPath: itemsPath ?? null },
  });
}
