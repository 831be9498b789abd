import { randomBytes } from 'node:crypto';
import { type LoopbackReply, type LoopbackServer, type ReceivedRequest, startLoopbackServer } from '@weft/nodes/sdk/testing';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createDatabase, type Database } from '../storage/database.ts';
import { EXECUTE_QUEUE } from '../storage/job-queue.ts';
import { eventually, startTestWeft, type TestWeft } from '../testing/test-weft.ts';
import { deliverFlow, publishAndStart } from './deliver-flow.ts';
import { deliverySchema } from './delivery-api.ts';

const environment = {
  WEFT_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  WEFT_ALLOW_PRIVATE_DELIVERY_URLS: '127.0.0.0/8',
  WEFT_DELIVERY_POLL_SECONDS: '0.5',
};
const secret = `whsec_${randomBytes(32).toString('base64')}`;
const ok: LoopbackReply = { status: 200, body: 'thanks' };
const down: LoopbackReply = { status: 503, body: 'down' };

const stepSchema = z.object({ nodeId: z.string(), status: z.string(), ports: z.array(z.string()), output: z.unknown() });
const executionSchema = z.object({ status: z.string(), error: z.object({ nodeId: z.string(), code: z.string() }).nullable(), steps: z.array(stepSchema) });
const directDeliverySchema = deliverySchema.extend({
  subscriptionId: z.string().nullable(),
  direct: z.object({ url: z.string(), executionId: z.string().nullable(), nodeId: z.string().nullable() }).nullable(),
});

/** The payload, once the independent Standard Webhooks implementation verified its signature. */
function verify(request: ReceivedRequest): unknown {
  return new Webhook(secret).verify(request.body, request.headers);
}

describe('core.deliver in a flow', () => {
  let weft: TestWeft;
  let database: Database;
  let credentialId: string;
  const receivers: LoopbackServer[] = [];
  const receiver = async (answer: (index: number) => LoopbackReply) => {
    let count = 0;
    const started = await startLoopbackServer(() => answer(count++));
    receivers.push(started);
    return { ...started, url: `${started.url}/hook` };
  };

  beforeAll(async () => {
    weft = await startTestWeft(environment);
    database = createDatabase(weft.databaseUrl, 2);
    const created = await weft.api('/api/credentials', { body: { type: 'core.hmacSecret', name: 'receiver signing secret', values: { secret } } });
    expect(created.status).toBe(201);
    credentialId = z.object({ id: z.string() }).parse(await created.json()).id;
  });
  afterAll(async () => {
    await database?.end();
    await weft?.stop();
    await Promise.all(receivers.map((started) => started.close()));
  });

  const publishAndRun = (flow: ReturnType<typeof deliverFlow>, payload: unknown) => publishAndStart(weft, flow, payload);

  const finished = async (executionId: string) => executionSchema.parse(await weft.executionWhen(executionId));
  const delivery = async (id: string) => directDeliverySchema.parse(await (await weft.api(`/api/deliveries/${id}`)).json());
  const ranBranches = (execution: z.infer<typeof executionSchema>) =>
    execution.steps.filter((step) => step.nodeId.startsWith('on') && step.status === 'succeeded').map((step) => step.nodeId);

  it('waits in the database while the delivery retries, then goes on through "delivered"', async () => {
    const endpoint = await receiver((index) => (index < 2 ? down : ok));
    const executionId = await publishAndRun(
      deliverFlow('deliver-retried', { url: endpoint.url, retrySchedule: [1, 1], headers: { 'x-tenant': 'acme' } }, credentialId),
      { orderId: 7 },
    );

    expect((await weft.executionWhen(executionId, ['waiting', 'succeeded', 'failed'])).status).toBe('waiting');
    // The worker lets go of its job right after it stored the wait: then nothing runs the execution.
    await eventually('no job running the waiting execution', async () => {
      const running = await database.query(`SELECT count(*)::int AS count FROM weft_queue.job WHERE name = $1 AND state = 'active' AND data->>'executionId' = $2`, [
        EXECUTE_QUEUE,
        executionId,
      ]);
      return z.object({ count: z.number() }).parse(running.rows[0]).count === 0 ? true : undefined;
    });
    expect(executionSchema.parse(await (await weft.api(`/api/executions/${executionId}`)).json()).status).toBe('waiting');

    const done = await finished(executionId);
    expect(done.status).toBe('succeeded');
    const sent = done.steps.find((step) => step.nodeId === 'send');
    const deliveryId = z.object({ deliveryId: z.string() }).parse(sent?.output).deliveryId;
    expect(sent).toMatchObject({ status: 'succeeded', ports: ['delivered'], output: { deliveryId, status: 'delivered', attempts: 3, statusCode: 200, error: null } });
    expect(ranBranches(done)).toEqual(['onDelivered']);

    expect(endpoint.requests).toHaveLength(3);
    const view = await delivery(deliveryId);
    expect(new Set(endpoint.requests.map((request) => request.headers['webhook-id']))).toEqual(new Set([view.messageId]));
    for (const request of endpoint.requests) {
      expect(verify(request)).toEqual({ type: 'order.paid', timestamp: expect.any(String), data: { orderId: 7 } });
      expect(request.headers).toMatchObject({ 'x-webhook-event': 'order.paid', 'x-webhook-delivery': deliveryId, 'x-tenant': 'acme' });
    }
    expect(view).toMatchObject({
      status: 'delivered',
      attemptCount: 3,
      subscriptionId: null,
      direct: { url: endpoint.url, executionId, nodeId: 'send' },
      attempts: [{ statusCode: 503 }, { statusCode: 503 }, { statusCode: 200, outcome: 'delivered' }],
    });
  });

  it('goes on through "failed" after the last retry, and the delivery can be redelivered', async () => {
    let healthy = false;
    const endpoint = await receiver(() => (healthy ? ok : down));
    const executionId = await publishAndRun(deliverFlow('deliver-failing', { url: endpoint.url, retrySchedule: [1] }, credentialId), { orderId: 8 });

    const done = await finished(executionId);
    expect(done.status).toBe('succeeded');
    const sent = done.steps.find((step) => step.nodeId === 'send');
    expect(sent).toMatchObject({ status: 'succeeded', ports: ['failed'], output: { status: 'failed', attempts: 2, statusCode: 503, error: 'answered 503' } });
    expect(ranBranches(done)).toEqual(['onFailed']);

    healthy = true;
    const deliveryId = z.object({ deliveryId: z.string() }).parse(sent?.output).deliveryId;
    expect((await weft.api(`/api/deliveries/${deliveryId}/redeliver`, { method: 'POST' })).status).toBe(202);
    const redelivered = await eventuallyDelivery(deliveryId, (view) => view.status !== 'pending');
    expect(redelivered).toMatchObject({ status: 'delivered', attemptCount: 3 });
    expect(endpoint.requests).toHaveLength(3);
    for (const request of endpoint.requests) expect(verify(request)).toMatchObject({ data: { orderId: 8 } });
  });

  it('fails at once to an endpoint that answered 410 Gone, until a redelivery says it is back', async () => {
    const endpoint = await receiver((index) => (index === 0 ? { status: 410 } : ok));
    const gone = await finished(await publishAndRun(deliverFlow('deliver-gone', { url: endpoint.url }, credentialId), { n: 1 }));
    expect(gone.steps.find((step) => step.nodeId === 'send')).toMatchObject({ ports: ['failed'], output: { attempts: 1, statusCode: 410 } });

    const started = await weft.api('/api/flows/deliver-gone/run', { body: { version: 'published', payload: { n: 2 }, wait: false } });
    const again = await finished(z.object({ executionId: z.string() }).parse(await started.json()).executionId);
    expect(again.steps.find((step) => step.nodeId === 'send')).toMatchObject({
      ports: ['failed'],
      output: { attempts: 0, statusCode: null, error: 'the endpoint is disabled: the endpoint answered 410 Gone' },
    });
    expect(endpoint.requests).toHaveLength(1);
    // The endpoint is internal: no subscription shows it, or could enable it again.
    const subscriptions = z.object({ items: z.array(z.object({ url: z.string() })) }).parse(await (await weft.api('/api/subscriptions')).json());
    expect(subscriptions.items.map((item) => item.url)).not.toContain(endpoint.url);

    const held = z.object({ deliveryId: z.string() }).parse(again.steps.find((step) => step.nodeId === 'send')?.output).deliveryId;
    expect((await weft.api(`/api/deliveries/${held}/redeliver`, { method: 'POST' })).status).toBe(202);
    expect(await eventuallyDelivery(held, (view) => view.status !== 'pending')).toMatchObject({ status: 'delivered', attemptCount: 1 });
    expect(endpoint.requests).toHaveLength(2);
  });

  it('goes on at once through "queued" when told not to wait', async () => {
    const endpoint = await receiver(() => ok);
    const done = await finished(await publishAndRun(deliverFlow('deliver-queued', { url: endpoint.url, waitForOutcome: false }, credentialId), {}));
    const sent = done.steps.find((step) => step.nodeId === 'send');
    expect(sent).toMatchObject({ status: 'succeeded', ports: ['queued'], output: { status: 'pending' } });
    expect(ranBranches(done)).toEqual(['onQueued']);
    const deliveryId = z.object({ deliveryId: z.string() }).parse(sent?.output).deliveryId;
    expect(await eventuallyDelivery(deliveryId, (view) => view.status !== 'pending')).toMatchObject({ status: 'delivered' });
  });

  it('refuses a URL this server does not deliver to', async () => {
    const done = await finished(await publishAndRun(deliverFlow('deliver-private', { url: 'http://10.1.2.3/hook' }, credentialId), {}));
    expect(done).toMatchObject({ status: 'failed', error: { nodeId: 'send', code: 'url_not_allowed' } });
  });

  it('loses nothing when Weft restarts while the delivery is retrying', async () => {
    const endpoint = await receiver((index) => (index === 0 ? down : ok));
    const executionId = await publishAndRun(deliverFlow('deliver-restart', { url: endpoint.url, retrySchedule: [3] }, credentialId), { orderId: 9 });
    const deliveryId = await eventually('the first attempt', () => endpoint.requests[0]?.headers['x-webhook-delivery']);
    await eventuallyDelivery(deliveryId, (view) => view.attemptCount === 1);
    await weft.weft.close();
    weft = await startTestWeft(environment, weft);

    const done = await finished(executionId);
    expect(done.status).toBe('succeeded');
    expect(done.steps.find((step) => step.nodeId === 'send')).toMatchObject({ ports: ['delivered'], output: { deliveryId, status: 'delivered', attempts: 2 } });
    expect(endpoint.requests).toHaveLength(2);
    expect(new Set(endpoint.requests.map((request) => request.headers['webhook-id'])).size).toBe(1);
    for (const request of endpoint.requests) expect(verify(request)).toMatchObject({ data: { orderId: 9 } });
  });

  function eventuallyDelivery(id: string, done: (view: z.infer<typeof directDeliverySchema>) => boolean) {
    return eventually(`delivery ${id}`, async () => {
      const view = await delivery(id);
      return done(view) ? view : undefined;
    });
  }
});
