import { describe, expect, it } from 'vitest';
import { runNode } from '../sdk/testing/index.ts';
import { respondNode } from './respond.ts';

const twiml = '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Thanks!</Message></Response>';

describe('core.respond', () => {
  it.each([
    { bodyType: 'json', body: { ok: true, id: '=$.id' }, contentType: 'application/json; charset=utf-8', sent: '{"ok":true,"id":7}' },
    { bodyType: 'json', body: 'plain string', contentType: 'application/json; charset=utf-8', sent: '"plain string"' },
    { bodyType: 'text', body: '="order " & $.id & " received"', contentType: 'text/plain; charset=utf-8', sent: 'order 7 received' },
    { bodyType: 'xml', body: twiml, contentType: 'application/xml; charset=utf-8', sent: twiml },
  ])('answers a $bodyType body with content-type $contentType', async ({ bodyType, body, contentType, sent }) => {
    const step = await runNode(respondNode, { input: { id: 7 }, params: { bodyType, body } });

    const response = { status: 200, headers: { 'content-type': contentType }, body: sent };
    expect(step).toMatchObject({ status: 'succeeded', response, output: response });
  });

  it('uses the given status and headers, which override the content type whatever their case', async () => {
    const step = await runNode(respondNode, {
      input: { retryAfter: '30' },
      params: { status: 503, headers: { 'Retry-After': '=$.retryAfter', 'Content-Type': 'text/xml' }, bodyType: 'xml', body: '<busy/>' },
    });

    expect(step.response).toEqual({ status: 503, headers: { 'content-type': 'text/xml', 'retry-after': '30' }, body: '<busy/>' });
  });

  it('answers JSON null when no body is given', async () => {
    const step = await runNode(respondNode);

    expect(step.response).toEqual({ status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: 'null' });
  });

  it.each([
    ['text', { message: 'hi' }],
    ['xml', 42],
    ['text', '=$.missing'],
  ])('fails with invalid_body when a %s body is not a string (%j)', async (bodyType, body) => {
    const step = await runNode(respondNode, { input: {}, params: { bodyType, body } });

    expect(step).toMatchObject({ status: 'failed', error: { code: 'invalid_body', retryable: false } });
    expect(step.response).toBeUndefined();
  });
});
