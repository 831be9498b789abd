import type { Json } from '@weft/engine';
import { describe, expect, it } from 'vitest';
import { runNode } from '../sdk/testing/index.ts';
import { deliverNode } from './deliver.ts';

// Delivering end to end (queue, retries, signal, restart) is tested with a real server in
// server/delivery/deliver-node.test.ts; here, the params and what the node makes of an outcome.
const secret = `whsec_${Buffer.from('a signing key of thirty-two bytes').toString('base64')}`;
const credentials = { signingSecret: { type: 'core.hmacSecret', values: { secret } } };
const params = { url: 'https://example.com/hooks', eventType: 'order.paid' };
const resumedWith = (signal?: Json) => ({ state: { deliveryId: 'd1' }, ...(signal === undefined ? {} : { signal }) });

describe('core.deliver', () => {
  it('fails its step where nothing delivers webhooks (an in-memory run)', async () => {
    const step = await runNode(deliverNode, { params, input: { id: 1 }, credentials });
    expect(step).toMatchObject({ status: 'failed', error: { code: 'deliveries_unavailable' } });
  });

  it('refuses a signing secret that is not a Standard Webhooks secret', async () => {
    const plain = { signingSecret: { type: 'core.hmacSecret', values: { secret: 'not-base64 at all' } } };
    const step = await runNode(deliverNode, { params, input: {}, credentials: plain });
    expect(step).toMatchObject({ status: 'failed', error: { code: 'invalid_signing_secret' } });
  });

  it.each([
    ['a URL that is not http(s)', { ...params, url: 'ftp://example.com/x' }],
    ['an event type with a space', { ...params, eventType: 'order paid' }],
    ['a header Weft sets itself', { ...params, headers: { 'webhook-signature': 'v1,forged' } }],
    ['a header name with a space', { ...params, headers: { 'x tenant': 'acme' } }],
    ['a retry after 0 seconds', { ...params, retrySchedule: [0] }],
    ['a time-out under 100 ms', { ...params, timeoutMs: 50 }],
  ])('refuses %s when the flow is checked', async (_, invalid) => {
    await expect(runNode(deliverNode, { params: invalid, input: {}, credentials })).rejects.toMatchObject({ code: 'invalid_flow' });
  });

  it('fails the step when an expression evaluates to no valid URL', async () => {
    const step = await runNode(deliverNode, { params: { ...params, url: '=$.target' }, input: { target: 'not a url' }, credentials });
    expect(step).toMatchObject({ status: 'failed', error: { code: 'invalid_params' } });
  });

  it.each([
    ['delivered', { deliveryId: 'd1', status: 'delivered', attempts: 3, lastStatusCode: 200, lastError: null }],
    ['failed', { deliveryId: 'd1', status: 'failed', attempts: 2, lastStatusCode: 503, lastError: 'answered 503' }],
  ])('goes on through "%s" with the outcome, without failing the step', async (port, signal) => {
    const step = await runNode(deliverNode, { params, input: {}, credentials, resumed: resumedWith(signal) });
    expect(step).toMatchObject({
      status: 'succeeded',
      ports: [port],
      output: { deliveryId: 'd1', status: signal.status, attempts: signal.attempts, statusCode: signal.lastStatusCode, error: signal.lastError },
    });
  });

  it('fails with a time-out when woken before the delivery settled', async () => {
    const step = await runNode(deliverNode, { params, input: {}, credentials, resumed: resumedWith() });
    expect(step).toMatchObject({ status: 'failed', error: { code: 'delivery_timeout', retryable: true, details: { deliveryId: 'd1' } } });
  });
});
