import { defineNode } from '../../sdk/index.ts';
import { HTTP_AUTH_TYPES } from '../credentials/auth-headers.ts';
import { prepareCall, rejectHttpError } from './http-call.ts';
import { httpParams } from './http-params.ts';
import { paginate } from './paginate.ts';
import { withQuery } from './request-url.ts';
import { decodeBody } from './response-body.ts';

export const httpNode = defineNode({
  type: 'core.http',
  typeVersion: 1,
  displayName: 'HTTP request',
  description:
    'Calls an HTTP endpoint and outputs { status, headers, body } (body parsed when the answer is JSON, or as { base64, contentType, size } when binary). ' +
    'With pagination it fetches every page and outputs { status, headers, items, pages, hasMore }. ' +
    'Requests with a body carry an Idempotency-Key header stable for this step.',
  category: 'Actions',
  icon: 'globe',
  params: httpParams,
  sample: { status: 200, headers: { 'content-type': 'application/json' }, body: { ok: true } },
  credentials: { auth: { types: HTTP_AUTH_TYPES, optional: true } },
  sideEffects: true,
  run: async (context) => {
    const { params } = context;
    const call = await prepareCall(context);
    if (params.pagination.mode !== 'none') return { output: await paginate(params, params.pagination, call) };
    const url = withQuery(params.url, params.query);
    const response = await call.send(url, 1);
    rejectHttpError(params, url, response);
    return { output: { status: response.status, headers: response.headers, body: decodeBody(response, params.responseFormat) } };
  },
});
