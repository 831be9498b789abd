import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWeft, type TestWeft } from '../testing/test-weft.ts';
import { deliveryApi } from './delivery-api.ts';
import { eventually, type Receiver, startReceiver } from './test-receiver.ts';

describe('circuit breaker', () => {
  let weft: TestWeft;
  let endpoint: Receiver;
  let healthy = false;

  beforeAll(async () => {
    weft = await startTestWeft({
      // Subscription secrets are sealed with it; without one every test Weft would race to create a key file.
      WEFT_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      WEFT_ALLOW_PRIVATE_DELIVERY_URLS: '127.0.0.0/8',
      WEFT_DELIVERY_POLL_SECONDS: '0.5',
      WEFT_DELIVERY_CIRCUIT_THRESHOLD: '2',
      WEFT_DELIVERY_CIRCUIT_COOLDOWN_SECONDS: '4',
    });
    endpoint = await startReceiver(() => (healthy ? { status: 204 } : { status: 502 }));
  });
  afterAll(async () => {
    await weft.stop();
    await endpoint.close();
  });

  it('holds deliveries back while an endpoint is down, then delivers every one after a successful probe', async () => {
    const api = deliveryApi(weft);
    const subscription = await api.subscribe({ url: endpoint.url, eventTypes: ['tick'], retrySchedule: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1] });
    const first = await api.publish({ type: 'tick', data: { n: 1 } });
    const open = await eventually(() => api.subscription(subscription.id), (view) => view.health.circuitOpenUntil !== null);
    expect(open.health.consecutiveFailures).toBeGreaterThanOrEqual(2);

    // While the circuit is open a new delivery is not attempted: it waits for the circuit to half-open.
    const second = await api.publish({ type: 'tick', data: { n: 2 } });
    const waiting = await eventually(
      () => api.delivery(second.deliveries[0]?.id ?? ''),
      (delivery) => delivery.nextAttemptAt !== null && Date.parse(delivery.nextAttemptAt) >= Date.parse(open.health.circuitOpenUntil ?? ''),
    );
    expect(waiting).toMatchObject({ status: 'pending', attemptCount: 0 });

    healthy = true;
    const ids = [first, second].map((event) => event.deliveries[0]?.id ?? '');
    for (const id of ids) {
      expect(await eventually(() => api.delivery(id), (delivery) => delivery.status !== 'pending')).toMatchObject({ status: 'delivered' });
    }
    expect((await api.subscription(subscription.id)).health).toEqual({ consecutiveFailures: 0, circuitOpenUntil: null });
  });
});
