import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startTestWeft, type TestWeft } from '../testing/test-weft.ts';
import { deliveryApi } from './delivery-api.ts';
import { eventually, type Receiver, startReceiver } from './test-receiver.ts';

const emitter = {
  formatVersion: 1,
  id: 'order-emitter',
  name: 'Order emitter',
  nodes: [
    { id: 'start', type: 'core.manual', typeVersion: 1 },
    {
      id: 'emit',
      type: 'core.emit',
      typeVersion: 1,
      params: { type: 'order.created', data: { orderId: '=$.orderId', total: '=$.total' }, idempotencyKey: '="order-" & $string($.orderId)' },
    },
  ],
  edges: [{ from: { node: 'start', port: 'out' }, to: { node: 'emit', port: 'in' } }],
};

const runSchema = z.object({ status: z.string(), steps: z.array(z.object({ nodeId: z.string(), status: z.string(), output: z.unknown() })) });

describe('core.emit in a flow', () => {
  let weft: TestWeft;
  let endpoint: Receiver;
  beforeAll(async () => {
    weft = await startTestWeft({ WEFT_ENCRYPTION_KEY: randomBytes(32).toString('base64'), WEFT_ALLOW_PRIVATE_DELIVERY_URLS: '127.0.0.0/8', WEFT_DELIVERY_POLL_SECONDS: '0.5' });
    endpoint = await startReceiver();
  });
  afterAll(async () => {
    await weft.stop();
    await endpoint.close();
  });

  const run = async (payload: unknown) => {
    const answer = await weft.api('/api/flows/order-emitter/run', { body: { payload } });
    return runSchema.parse(await answer.json()).steps.find((step) => step.nodeId === 'emit');
  };

  it('publishes an event every matching subscriber receives, once per idempotency key', async () => {
    const api = deliveryApi(weft);
    await api.subscribe({ url: endpoint.url, eventTypes: ['order.*'] });
    expect((await weft.api('/api/flows/import', { body: emitter })).ok).toBe(true);

    const first = await run({ orderId: 7, total: 12.5 });
    expect(first).toMatchObject({ status: 'succeeded', output: { type: 'order.created', deliveries: 1, duplicate: false } });
    const again = await run({ orderId: 7, total: 12.5 });
    expect(again).toMatchObject({ status: 'succeeded', output: { deliveries: 1, duplicate: true } });

    await endpoint.received(1);
    expect(JSON.parse(endpoint.requests[0]?.body ?? '')).toMatchObject({ type: 'order.created', data: { orderId: 7, total: 12.5 } });
    const eventId = z.object({ eventId: z.string() }).parse(first?.output).eventId;
    const event = await eventually(() => weft.api(`/api/events/${eventId}`).then((answer) => answer.json()), (body) => body !== null);
    expect(event).toMatchObject({ id: eventId, type: 'order.created' });
    expect(endpoint.requests).toHaveLength(1);
  });
});
