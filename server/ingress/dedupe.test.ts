import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWeft, type TestWeft } from '../testing/test-weft.ts';
import { webhookKit } from '../testing/webhook-kit.ts';

let weft: TestWeft;
const kit = webhookKit(() => weft);

beforeAll(async () => {
  weft = await startTestWeft();
  await kit.publish(kit.hookFlow('once', {}));
  await kit.publish(kit.hookFlow('no-dedupe', { dedupeWindowSeconds: 0 }));
  await kit.publish(kit.hookFlow('short-window', { dedupeWindowSeconds: 1 }));
  await kit.publish(kit.hookFlow('answered', { responseMode: 'whenFinished' }, { status: 201, body: { got: '=$.body' } }));
});
afterAll(async () => weft?.stop());

describe('inbound deduplication', () => {
  it.each([
    ['Idempotency-Key', 'idempotency-key'],
    ['webhook-id (Standard Webhooks)', 'webhook-id'],
    ['X-GitHub-Delivery', 'x-github-delivery'],
    ['X-Shopify-Webhook-Id', 'x-shopify-webhook-id'],
    ['I-Twilio-Idempotency-Token', 'i-twilio-idempotency-token'],
  ])('answers a repeated %s with the first execution and starts nothing', async (_case, header) => {
    const before = await kit.executionCount('once');
    const headers = { [header]: randomUUID() };
    const first = await kit.post('once', { headers, body: '{"n":1}' });
    expect(first.status).toBe(202);
    const { executionId } = await first.json();
    const again = await kit.post('once', { headers, body: '{"n":1}' });
    expect(again.status).toBe(202);
    expect(again.headers.get('x-weft-duplicate')).toBe('true');
    expect(await again.json()).toEqual({ executionId, duplicate: true });
    expect(await kit.executionCount('once')).toBe(before + 1);
  });

  it('starts one execution for concurrent copies of a delivery, and answers every copy with it', async () => {
    const before = await kit.executionCount('once');
    const headers = { 'idempotency-key': randomUUID() };
    const responses = await Promise.all(Array.from({ length: 8 }, () => kit.post('once', { headers })));
    const bodies = await Promise.all(responses.map((response) => response.json()));
    expect(responses.map((response) => response.status)).toEqual(Array(8).fill(202));
    expect(new Set(bodies.map((body) => body.executionId)).size).toBe(1);
    expect(bodies.filter((body) => body.duplicate === undefined)).toHaveLength(1);
    expect(await kit.executionCount('once')).toBe(before + 1);
  });

  it('tells different deliveries apart, and requests without any key', async () => {
    const before = await kit.executionCount('once');
    const answers = await Promise.all([
      kit.post('once', { headers: { 'idempotency-key': randomUUID() } }),
      kit.post('once', { headers: { 'idempotency-key': randomUUID() } }),
      kit.post('once'),
      kit.post('once'),
    ]);
    const ids = await Promise.all(answers.map(async (answer) => (await answer.json()).executionId));
    expect(new Set(ids).size).toBe(4);
    expect(await kit.executionCount('once')).toBe(before + 4);
  });

  it('is off with a window of 0', async () => {
    const headers = { 'idempotency-key': 'same-key' };
    const first = await (await kit.post('no-dedupe', { headers })).json();
    const second = await (await kit.post('no-dedupe', { headers })).json();
    expect(second.executionId).not.toBe(first.executionId);
    expect(second.duplicate).toBeUndefined();
  });

  it('starts a new execution once the window has passed', async () => {
    const headers = { 'idempotency-key': randomUUID() };
    const first = await (await kit.post('short-window', { headers })).json();
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const later = await (await kit.post('short-window', { headers })).json();
    expect(later).toEqual({ executionId: expect.any(String) });
    expect(later.executionId).not.toBe(first.executionId);
    // The key now belongs to the newer execution.
    expect(await (await kit.post('short-window', { headers })).json()).toEqual({ executionId: later.executionId, duplicate: true });
  });

  it('answers a repeat on a whenFinished hook with the first execution’s own answer', async () => {
    const headers = { 'idempotency-key': randomUUID() };
    const first = await kit.post('answered', { headers, body: '{"order":7}' });
    expect(first.status).toBe(201);
    const firstBody = await first.json();
    const again = await kit.post('answered', { headers, body: '{"order":7}' });
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(firstBody);
    expect(again.headers.get('x-weft-execution-id')).toBe(first.headers.get('x-weft-execution-id'));
    expect(again.headers.get('x-weft-duplicate')).toBe('true');
  });

  it('waits for the first execution when a whenFinished repeat arrives while it still runs', async () => {
    const headers = { 'idempotency-key': randomUUID() };
    const [first, again] = await Promise.all([kit.post('answered', { headers, body: '{"order":8}' }), kit.post('answered', { headers, body: '{"order":8}' })]);
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(await again.json()).toEqual(await first.json());
    expect(again.headers.get('x-weft-execution-id')).toBe(first.headers.get('x-weft-execution-id'));
  });

  it('counts the duplicates it answered in the flow’s ingress stats', async () => {
    const before = await kit.stats('once');
    const headers = { 'idempotency-key': randomUUID() };
    await kit.post('once', { headers });
    await kit.post('once', { headers });
    await kit.post('once', { headers });
    expect(await kit.stats('once')).toMatchObject({ duplicates: before.duplicates + 2, signatureFailures: 0, rateLimited: 0 });
  });
});
