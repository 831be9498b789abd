import { randomBytes } from 'node:crypto';
import { sign } from '@octokit/webhooks-methods';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWeft, type TestWeft } from '../testing/test-weft.ts';
import { webhookKit } from '../testing/webhook-kit.ts';

let weft: TestWeft;
let other: TestWeft;
const kit = webhookKit(() => weft);
const environment = { WEFT_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
// A day-long window, so no test straddles the start of a new one.
const perDay = (requests: number) => ({ requests, perSeconds: 86_400 });

beforeAll(async () => {
  weft = await startTestWeft(environment);
  // A second Weft process on the same database, as when several serve one PostgreSQL.
  other = await startTestWeft({ ...environment, WEFT_ROLE: 'api' }, weft);
});
afterAll(async () => {
  await other?.stop();
  await weft?.stop();
});

async function expectRateLimited(response: Response) {
  expect(response.status).toBe(429);
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 86_400).toBe(true);
  expect(await response.json()).toEqual({ error: { code: 'rate_limited', message: expect.any(String), details: { retryAfterSeconds: retryAfter } } });
}

describe('per-flow rate limit', () => {
  it('accepts the allowed requests, answers the next 429 with Retry-After, starts nothing for it, and counts it', async () => {
    await kit.publish(kit.hookFlow('limited', { rateLimit: perDay(3) }));
    const accepted = await Promise.all([kit.post('limited'), kit.post('limited'), kit.post('limited')]);
    expect(accepted.map((response) => response.status)).toEqual([202, 202, 202]);
    await expectRateLimited(await kit.post('limited'));
    expect(await kit.executionCount('limited')).toBe(3);
    expect(await kit.stats('limited')).toMatchObject({ rateLimited: 1, lastFailure: { at: expect.any(String), reason: 'rate_limited' } });
  });

  it('holds across Weft processes sharing the database', async () => {
    await kit.publish(kit.hookFlow('shared-limit', { rateLimit: perDay(4) }));
    const answers = [];
    for (const base of [weft.url, other.url, weft.url, other.url]) answers.push((await kit.post('shared-limit', { base })).status);
    expect(answers).toEqual([202, 202, 202, 202]);
    await expectRateLimited(await kit.post('shared-limit', { base: other.url }));
    await expectRateLimited(await kit.post('shared-limit', { base: weft.url }));
  });

  it('lets exactly the allowed number through when requests arrive together', async () => {
    await kit.publish(kit.hookFlow('burst', { rateLimit: perDay(5) }));
    const statuses = (await Promise.all(Array.from({ length: 12 }, (_, index) => kit.post('burst', { base: index % 2 === 0 ? weft.url : other.url })))).map(
      (response) => response.status,
    );
    expect(statuses.filter((status) => status === 202)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(7);
  });

  it('still answers a repeat of an accepted delivery with its execution once the limit is reached', async () => {
    await kit.publish(kit.hookFlow('limited-dedupe', { rateLimit: perDay(1) }));
    const headers = { 'idempotency-key': 'order-1' };
    const { executionId } = await (await kit.post('limited-dedupe', { headers })).json();
    await expectRateLimited(await kit.post('limited-dedupe'));
    expect(await (await kit.post('limited-dedupe', { headers })).json()).toEqual({ executionId, duplicate: true });
  });

  it('does not let unsigned requests use up a signed hook’s limit', async () => {
    const credential = await kit.credential('core.hmacSecret', { secret: 'github-secret' });
    await kit.publish(kit.hookFlow('signed-limit', { verify: { scheme: 'github', credential }, rateLimit: perDay(1) }));
    for (let attempt = 0; attempt < 3; attempt++) expect((await kit.post('signed-limit', { body: '{"forged":true}' })).status).toBe(401);
    const body = '{"action":"opened"}';
    const response = await kit.post('signed-limit', { body, headers: { 'x-hub-signature-256': await sign('github-secret', body) } });
    expect(response.status).toBe(202);
    expect(await kit.stats('signed-limit')).toMatchObject({ signatureFailures: 3, rateLimited: 0 });
  });
});
