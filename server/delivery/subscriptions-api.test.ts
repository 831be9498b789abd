import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWeft, type TestWeft } from '../testing/test-weft.ts';

const json = async (response: Response): Promise<Record<string, unknown>> => {
  const body: unknown = await response.json();
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('expected a JSON object');
  return Object.fromEntries(Object.entries(body));
};

describe('subscriptions API', () => {
  let weft: TestWeft;
  beforeAll(async () => {
    weft = await startTestWeft({ WEFT_ENCRYPTION_KEY: randomBytes(32).toString('base64'), WEFT_ALLOW_PRIVATE_DELIVERY_URLS: '127.0.0.0/8' });
  });
  afterAll(async () => {
    await weft.stop();
  });

  it('shows the whsec_ secret once, then never again', async () => {
    const created = await weft.api('/api/subscriptions', { body: { url: 'http://127.0.0.1:9/hook', eventTypes: ['order.*'] } });
    expect(created.status).toBe(201);
    const subscription = await json(created);
    expect(subscription).toMatchObject({ eventTypes: ['order.*'], enabled: true, description: '', headers: {}, retrySchedule: null });
    expect(subscription.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{32,}$/);
    const read = await json(await weft.api(`/api/subscriptions/${String(subscription.id)}`));
    expect(read).not.toHaveProperty('secret');
    const list = await json(await weft.api('/api/subscriptions'));
    expect(JSON.stringify(list)).not.toContain(String(subscription.secret));
  });

  it('changes only the fields given, and deletes', async () => {
    const { id } = await json(await weft.api('/api/subscriptions', { body: { url: 'http://127.0.0.1:9/a', eventTypes: ['a.*'], description: 'first' } }));
    const changed = await weft.api(`/api/subscriptions/${String(id)}`, { method: 'PUT', body: { description: 'second', retrySchedule: [1, 2] } });
    expect(await json(changed)).toMatchObject({ url: 'http://127.0.0.1:9/a', eventTypes: ['a.*'], description: 'second', retrySchedule: [1, 2] });
    expect((await weft.api(`/api/subscriptions/${String(id)}`, { method: 'DELETE' })).status).toBe(204);
    expect((await weft.api(`/api/subscriptions/${String(id)}`)).status).toBe(404);
  });

  it('rotates the secret and says until when the old one still signs', async () => {
    const created = await json(await weft.api('/api/subscriptions', { body: { url: 'http://127.0.0.1:9/r', eventTypes: ['*'] } }));
    const rotated = await json(await weft.api(`/api/subscriptions/${String(created.id)}/rotate-secret`, { body: { windowSeconds: 3600 } }));
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(created.secret);
    expect(Date.parse(String(rotated.previousSecretExpiresAt))).toBeGreaterThan(Date.now());
  });

  it.each([
    ['a non-http scheme', { url: 'ftp://127.0.0.1/x', eventTypes: ['*'] }, 422, 'invalid_url'],
    ['a private address', { url: 'http://10.0.0.8/x', eventTypes: ['*'] }, 422, 'url_not_allowed'],
    ['a link-local metadata address', { url: 'http://169.254.169.254/latest', eventTypes: ['*'] }, 422, 'url_not_allowed'],
    ['IPv6 loopback (only 127.0.0.0/8 is allowed here)', { url: 'http://[::1]:9/x', eventTypes: ['*'] }, 422, 'url_not_allowed'],
    ['a reserved header', { url: 'http://127.0.0.1:9/x', eventTypes: ['*'], headers: { 'webhook-id': 'mine' } }, 400, 'invalid_request'],
    ['a bad event pattern', { url: 'http://127.0.0.1:9/x', eventTypes: ['order created'] }, 400, 'invalid_request'],
    ['no event types', { url: 'http://127.0.0.1:9/x', eventTypes: [] }, 400, 'invalid_request'],
  ])('refuses %s', async (_label, body, status, code) => {
    const response = await weft.api('/api/subscriptions', { body });
    expect(response.status).toBe(status);
    expect(await json(response)).toMatchObject({ error: { code } });
  });

  it('answers 404 for a subscription that does not exist', async () => {
    const response = await weft.api('/api/subscriptions/00000000-0000-4000-8000-000000000000/stats');
    expect(response.status).toBe(404);
    expect(await json(response)).toMatchObject({ error: { code: 'subscription_not_found' } });
  });
});
