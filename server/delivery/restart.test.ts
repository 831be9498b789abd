import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { type RunningWeft, startWeft } from '../server.ts';
import { startTestWeft, TEST_TOKEN, type TestWeft } from '../testing/test-weft.ts';
import { deliveryApi } from './delivery-api.ts';
import { eventually, type Receiver, startReceiver } from './test-receiver.ts';

const environment = { WEFT_ENCRYPTION_KEY: randomBytes(32).toString('base64'), WEFT_ALLOW_PRIVATE_DELIVERY_URLS: '127.0.0.0/8', WEFT_DELIVERY_POLL_SECONDS: '0.5' };

describe('a restart in the middle of a retry schedule', () => {
  let first: TestWeft;
  let second: RunningWeft | undefined;
  let endpoint: Receiver;

  beforeAll(async () => {
    first = await startTestWeft(environment);
    endpoint = await startReceiver((index) => (index === 0 ? { status: 500 } : { status: 200 }));
  });
  afterAll(async () => {
    await second?.close();
    await first.stop();
    await endpoint.close();
  });

  it('loses nothing: another Weft on the same database makes the retry', async () => {
    const before = deliveryApi(first);
    const subscription = await before.subscribe({ url: endpoint.url, eventTypes: ['durable'], retrySchedule: [2] });
    const event = await before.publish({ type: 'durable', data: { kept: true } });
    const deliveryId = event.deliveries[0]?.id ?? '';
    await eventually(() => before.delivery(deliveryId), (delivery) => delivery.attemptCount === 1);
    await first.weft.close();

    second = await startWeft(loadConfig({ ...environment, DATABASE_URL: first.databaseUrl, PORT: '0', WEFT_API_TOKEN: TEST_TOKEN, WEFT_LOG_LEVEL: 'silent' }));
    const url = second.url ?? '';
    const after = deliveryApi({
      api: (path, init = {}) =>
        fetch(`${url}${path}`, {
          method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
          headers: { authorization: `Bearer ${TEST_TOKEN}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
        }),
    });
    const delivery = await eventually(() => after.delivery(deliveryId), (view) => view.status !== 'pending');
    expect(delivery).toMatchObject({ status: 'delivered', attemptCount: 2 });
    expect(endpoint.requests.map((request) => request.headers['webhook-id'])).toEqual([delivery.messageId, delivery.messageId]);
    expect(await after.stats(subscription.id)).toMatchObject({ delivered: 1, pending: 0, failed: 0 });
  });
});
