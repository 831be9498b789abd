import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWeft, type TestWeft } from '../testing/test-weft.ts';
import { deliveryApi } from './delivery-api.ts';
import { type Answer, eventually, type Receiver, startReceiver } from './test-receiver.ts';

const ok: Answer = { status: 200, body: 'thanks' };
const serverError: Answer = { status: 500, body: 'down' };

describe('outbound webhook delivery', () => {
  let weft: TestWeft;
  let api: ReturnType<typeof deliveryApi>;
  const receivers: Receiver[] = [];
  const receiver = async (answer?: (index: number) => Answer) => {
    const started = await startReceiver(answer);
    receivers.push(started);
    return started;
  };

  beforeAll(async () => {
    weft = await startTestWeft({ WEFT_ENCRYPTION_KEY: randomBytes(32).toString('base64'), WEFT_ALLOW_PRIVATE_DELIVERY_URLS: '127.0.0.0/8', WEFT_DELIVERY_POLL_SECONDS: '0.5' });
    api = deliveryApi(weft);
  });
  afterAll(async () => {
    await weft.stop();
    await Promise.all(receivers.map((started) => started.close()));
  });

  const settled = (id: string) => eventually(() => api.delivery(id), (delivery) => delivery.status !== 'pending');

  it('delivers a signed JSON POST that Standard Webhooks and a hand-written hex check both verify', async () => {
    const endpoint = await receiver(() => ok);
    const subscription = await api.subscribe({ url: endpoint.url, eventTypes: ['order.*'], headers: { 'x-tenant': 'acme' } });
    const event = await api.publish({ type: 'order.created', data: { id: 42, items: ['a'] } });
    expect(event.deliveries).toEqual([{ id: expect.any(String), subscriptionId: subscription.id }]);
    await endpoint.received(1);
    const [request] = endpoint.requests;
    const headers = Object.fromEntries(Object.entries(request?.headers ?? {}).map(([name, value]) => [name, String(value)]));
    const body = request?.body ?? '';
    expect(new Webhook(subscription.secret ?? '').verify(body, headers)).toMatchObject({ type: 'order.created', data: { id: 42, items: ['a'] } });
    const expectedHex = Buffer.from(`sha256=${createHmac('sha256', subscription.secret ?? '').update(body).digest('hex')}`);
    expect(timingSafeEqual(Buffer.from(headers['x-webhook-signature-256'] ?? ''), expectedHex)).toBe(true);
    expect(headers).toMatchObject({ 'content-type': 'application/json', 'x-webhook-event': 'order.created', 'x-tenant': 'acme' });
    expect(JSON.parse(body)).toEqual({ type: 'order.created', timestamp: expect.any(String), data: { id: 42, items: ['a'] } });
    const delivery = await settled(event.deliveries[0]?.id ?? '');
    expect(headers['x-webhook-delivery']).toBe(delivery.id);
    expect(headers['webhook-id']).toBe(delivery.messageId);
    expect(delivery).toMatchObject({ status: 'delivered', attemptCount: 1, attempts: [{ statusCode: 200, responseBody: 'thanks', outcome: 'delivered' }] });
  });

  it.each([
    ['invoice.paid', ['invoice.*'], 1],
    ['invoice.paid', ['invoice.paid', 'refund.*'], 1],
    ['invoice.paid', ['*'], 1],
    ['invoice.paid', ['invoice_paid'], 0],
    ['invoice.paid', ['refund.*'], 0],
  ])('routes %s to patterns %j: %i deliveries', async (type, eventTypes, count) => {
    const endpoint = await receiver();
    const subscription = await api.subscribe({ url: endpoint.url, eventTypes });
    const event = await api.publish({ type, data: {} });
    expect(event.deliveries.filter((delivery) => delivery.subscriptionId === subscription.id)).toHaveLength(count);
    await weft.api(`/api/subscriptions/${subscription.id}`, { method: 'DELETE' });
  });

  it('publishes an idempotency key once', async () => {
    const endpoint = await receiver();
    await api.subscribe({ url: endpoint.url, eventTypes: ['once.*'] });
    const first = await api.publish({ type: 'once.done', data: { n: 1 }, idempotencyKey: 'key-1' });
    const again = await weft.api('/api/events', { body: { type: 'once.done', data: { n: 2 }, idempotencyKey: 'key-1' } });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ id: first.id, duplicate: true, data: { n: 1 }, deliveries: first.deliveries });
    await settled(first.deliveries[0]?.id ?? '');
    expect(endpoint.requests).toHaveLength(1);
  });

  it('retries on its schedule with the same webhook-id and a fresh valid signature each time', async () => {
    const endpoint = await receiver((index) => (index < 2 ? serverError : ok));
    const subscription = await api.subscribe({ url: endpoint.url, eventTypes: ['retry.*'], retrySchedule: [1, 1, 1] });
    const event = await api.publish({ type: 'retry.me', data: { x: 1 } });
    const delivery = await settled(event.deliveries[0]?.id ?? '');
    expect(delivery.status).toBe('delivered');
    expect(delivery.attempts.map((attempt) => [attempt.statusCode, attempt.outcome])).toEqual([
      [500, 'failed'],
      [500, 'failed'],
      [200, 'delivered'],
    ]);
    const ids = new Set(endpoint.requests.map((request) => request.headers['webhook-id']));
    expect(ids).toEqual(new Set([delivery.messageId]));
    const verifier = new Webhook(subscription.secret ?? '');
    for (const request of endpoint.requests) {
      const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
      expect(() => verifier.verify(request.body, headers)).not.toThrow();
    }
    expect(await api.stats(subscription.id)).toEqual({ pending: 0, delivered: 1, failed: 0, attempts: 3 });
  });

  it('fails a delivery after its last retry, keeps it, and redelivers it on request', async () => {
    let healthy = false;
    const endpoint = await receiver(() => (healthy ? ok : { status: 503, body: 'x'.repeat(10_000) }));
    const subscription = await api.subscribe({ url: endpoint.url, eventTypes: ['doomed'], retrySchedule: [1] });
    const event = await api.publish({ type: 'doomed', data: {} });
    const failed = await settled(event.deliveries[0]?.id ?? '');
    expect(failed).toMatchObject({ status: 'failed', attemptCount: 2, lastError: 'answered 503' });
    expect(failed.attempts[0]?.responseBody).toHaveLength(4_096);
    expect((await api.deliveries(subscription.id, '?status=failed')).items.map((item) => item.id)).toEqual([failed.id]);
    healthy = true;
    const redeliver = await weft.api(`/api/deliveries/${failed.id}/redeliver`, { method: 'POST' });
    expect(redeliver.status).toBe(202);
    expect(await settled(failed.id)).toMatchObject({ status: 'delivered', attemptCount: 3, messageId: failed.messageId });
  });

  it('redelivers everything that failed since a time', async () => {
    let healthy = false;
    const endpoint = await receiver(() => (healthy ? ok : serverError));
    const subscription = await api.subscribe({ url: endpoint.url, eventTypes: ['batch'], retrySchedule: [] });
    const since = new Date(Date.now() - 1_000).toISOString();
    const events = await Promise.all([1, 2, 3].map((n) => api.publish({ type: 'batch', data: { n } })));
    const ids = events.map((event) => event.deliveries[0]?.id ?? '');
    await Promise.all(ids.map(settled));
    healthy = true;
    const answer = await weft.api(`/api/subscriptions/${subscription.id}/redeliver-failed`, { body: { since } });
    expect(await answer.json()).toMatchObject({ redelivered: 3 });
    expect((await Promise.all(ids.map(settled))).map((delivery) => delivery.status)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(await api.stats(subscription.id)).toMatchObject({ pending: 0, delivered: 3, failed: 0 });
    const firstPage = await api.deliveries(subscription.id, '?limit=2');
    const secondPage = await api.deliveries(subscription.id, `?limit=2&cursor=${firstPage.nextCursor ?? ''}`);
    expect([...firstPage.items, ...secondPage.items].map((item) => item.id).sort()).toEqual([...ids].sort());
    expect(secondPage.nextCursor).toBeNull();
    expect(firstPage.items[0]?.attempts.map((attempt) => attempt.outcome)).toEqual(['failed', 'delivered']);
  });

  it('counts a timeout as a failure and retries', async () => {
    const endpoint = await receiver((index) => (index === 0 ? 'hang' : ok));
    await api.subscribe({ url: endpoint.url, eventTypes: ['slow'], retrySchedule: [1], timeoutMs: 300 });
    const event = await api.publish({ type: 'slow', data: {} });
    const delivery = await settled(event.deliveries[0]?.id ?? '');
    expect(delivery.status).toBe('delivered');
    expect(delivery.attempts[0]).toMatchObject({ statusCode: null, outcome: 'failed', error: expect.stringContaining('timeout') });
  });

  it('does not follow a redirect and counts it as a failure', async () => {
    const elsewhere = await receiver();
    const endpoint = await receiver(() => ({ status: 307, headers: { location: elsewhere.url } }));
    await api.subscribe({ url: endpoint.url, eventTypes: ['moved'], retrySchedule: [] });
    const event = await api.publish({ type: 'moved', data: {} });
    const delivery = await settled(event.deliveries[0]?.id ?? '');
    expect(delivery).toMatchObject({ status: 'failed', attempts: [{ statusCode: 307, error: expect.stringContaining('not followed') }] });
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('disables an endpoint that answers 410 Gone, and says why', async () => {
    const endpoint = await receiver(() => ({ status: 410 }));
    const subscription = await api.subscribe({ url: endpoint.url, eventTypes: ['gone'], retrySchedule: [1, 1] });
    const event = await api.publish({ type: 'gone', data: {} });
    expect(await settled(event.deliveries[0]?.id ?? '')).toMatchObject({ status: 'failed', attemptCount: 1 });
    expect(await api.subscription(subscription.id)).toMatchObject({ enabled: false, disabledReason: expect.stringContaining('410') });
    expect((await api.publish({ type: 'gone', data: {} })).deliveries).toEqual([]);
    const redeliver = await weft.api(`/api/deliveries/${event.deliveries[0]?.id ?? ''}/redeliver`, { method: 'POST' });
    expect(redeliver.status).toBe(409);
  });

  it('disables an endpoint that keeps failing for longer than allowed, and enabling it again clears that', async () => {
    const endpoint = await receiver(() => serverError);
    const subscription = await api.subscribe({ url: endpoint.url, eventTypes: ['flaky'], retrySchedule: [1, 1, 1, 1, 1], disableAfterSeconds: 1 });
    const event = await api.publish({ type: 'flaky', data: {} });
    const disabled = await eventually(() => api.subscription(subscription.id), (view) => !view.enabled);
    expect(disabled.disabledReason).toMatch(/failed since/);
    expect(await settled(event.deliveries[0]?.id ?? '')).toMatchObject({ status: 'failed' });
    const enabled = await weft.api(`/api/subscriptions/${subscription.id}`, { method: 'PUT', body: { enabled: true } });
    expect(await enabled.json()).toMatchObject({ enabled: true, disabledReason: null, health: { consecutiveFailures: 0 } });
  });

  it('signs with both secrets during a rotation window', async () => {
    const endpoint = await receiver();
    const subscription = await api.subscribe({ url: endpoint.url, eventTypes: ['rotated'] });
    const rotated = await (await weft.api(`/api/subscriptions/${subscription.id}/rotate-secret`, { method: 'POST', body: {} })).json();
    const event = await api.publish({ type: 'rotated', data: {} });
    await settled(event.deliveries[0]?.id ?? '');
    const request = endpoint.requests[0];
    const headers = Object.fromEntries(Object.entries(request?.headers ?? {}).map(([name, value]) => [name, String(value)]));
    expect(headers['webhook-signature']?.split(' ')).toHaveLength(2);
    for (const secret of [subscription.secret ?? '', String(rotated.secret)]) {
      expect(() => new Webhook(secret).verify(request?.body ?? '', headers)).not.toThrow();
    }
  });
});
