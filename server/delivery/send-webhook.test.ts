import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAddressPolicy } from '../adapters/address-policy.ts';
import { createWebhookSender, RESPONSE_PREVIEW_BYTES } from './send-webhook.ts';
import { type Receiver, startReceiver } from './test-receiver.ts';

describe('webhook sender', () => {
  let target: Receiver;
  let redirecting: Receiver;
  let receiver: Receiver;
  const loopback = createWebhookSender(createAddressPolicy(['127.0.0.0/8']));
  const strict = createWebhookSender(createAddressPolicy('none'));

  beforeAll(async () => {
    target = await startReceiver();
    redirecting = await startReceiver(() => ({ status: 302, headers: { location: target.url } }));
    receiver = await startReceiver((index) => (index === 0 ? { status: 200, body: 'x'.repeat(3 * RESPONSE_PREVIEW_BYTES) } : 'hang'));
  });
  afterAll(async () => {
    loopback.close();
    strict.close();
    await Promise.all([target.close(), redirecting.close(), receiver.close()]);
  });

  const send = (url: string, timeoutMs = 5_000) => ({ url, headers: { 'content-type': 'application/json' }, body: '{}', timeoutMs });

  it('reads at most 4 KiB of the answer', async () => {
    const result = await loopback.send(send(receiver.url));
    expect(result).toMatchObject({ kind: 'answered', status: 200 });
    expect(result.kind === 'answered' ? result.body.length : 0).toBe(RESPONSE_PREVIEW_BYTES);
  });

  it('does not follow redirects', async () => {
    const result = await loopback.send(send(redirecting.url));
    expect(result).toMatchObject({ kind: 'answered', status: 302, headers: { location: target.url } });
    expect(target.requests).toHaveLength(0);
  });

  it('gives up on an endpoint that does not answer in time', async () => {
    expect(await loopback.send(send(receiver.url, 200))).toMatchObject({ kind: 'error', code: 'timeout' });
  });

  it.each([
    ['an IP literal', (url: string) => url],
    ['a name resolving to loopback, refused when connecting', (url: string) => url.replace('127.0.0.1', 'localhost')],
  ])('refuses private addresses by %s', async (_label, aim) => {
    const before = target.requests.length;
    expect(await strict.send(send(aim(target.url)))).toMatchObject({ kind: 'error', code: 'address_not_allowed' });
    expect(target.requests).toHaveLength(before);
  });
});
