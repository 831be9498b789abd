import { randomBytes } from 'node:crypto';
import { type LoopbackServer, startLoopbackServer } from '@weft/nodes/sdk/testing';
import { Webhook } from 'standardwebhooks';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { rotateKeyCommand } from '../credentials/rotate-key-command.ts';
import { createDatabase } from '../storage/database.ts';
import { eventually, startTestWeft, type TestWeft } from '../testing/test-weft.ts';
import { deliverFlow, publishAndStart } from './deliver-flow.ts';

const base = { WEFT_ALLOW_PRIVATE_DELIVERY_URLS: '127.0.0.1/32', WEFT_DELIVERY_POLL_SECONDS: '0.5' };
const newKey = () => randomBytes(32).toString('base64');
const secret = `whsec_${randomBytes(32).toString('base64')}`;

describe('the signing secret of a direct delivery', () => {
  const wefts: TestWeft[] = [];
  let endpoint: LoopbackServer | undefined;
  afterAll(async () => {
    // The second Weft shares the first one's database: close it first, then drop it with the first.
    for (const weft of wefts.reverse()) await weft.stop();
    await endpoint?.close();
  });

  it('is sealed at rest and keeps signing redeliveries across `weft credentials rotate-key`', async () => {
    const oldKey = newKey();
    const first = await startTestWeft({ ...base, WEFT_ENCRYPTION_KEY: oldKey });
    wefts.push(first);
    endpoint = await startLoopbackServer(() => ({ status: 200 }));
    const created = await first.api('/api/credentials', { body: { type: 'core.hmacSecret', name: 'signing', values: { secret } } });
    const credentialId = z.object({ id: z.string() }).parse(await created.json()).id;
    const executionId = await publishAndStart(first, deliverFlow('deliver-sealed', { url: `${endpoint.url}/hook` }, credentialId), { orderId: 1 });
    const done = await first.executionWhen(executionId);
    const send = z.object({ steps: z.array(z.object({ nodeId: z.string(), output: z.unknown() })) }).parse(done).steps.find((step) => step.nodeId === 'send');
    const id = z.object({ deliveryId: z.string() }).parse(send?.output).deliveryId;

    const database = createDatabase(first.databaseUrl, 1);
    try {
      const row = await database.query('SELECT to_jsonb(d)::text AS text FROM weft_deliveries d WHERE id = $1', [id]);
      const stored = z.object({ text: z.string() }).parse(row.rows[0]).text;
      expect(stored).not.toContain(secret.slice('whsec_'.length, 30));
    } finally {
      await database.end();
    }
    await first.weft.close();

    const key = newKey();
    const lines: string[] = [];
    const out = { stdout: (text: string) => lines.push(text), stderr: (text: string) => lines.push(text) };
    expect(await rotateKeyCommand({ DATABASE_URL: first.databaseUrl, WEFT_ENCRYPTION_KEY: key, WEFT_ENCRYPTION_KEY_PREVIOUS: oldKey }, out)).toBe(0);
    expect(lines.pop()).toMatch(/^re-encrypted 1 credential and the secrets of 0 subscriptions and of 1 direct delivery under key [0-9a-f]{16}$/);

    // The old key is gone from the configuration: the redelivery must sign with the re-sealed secret.
    const second = await startTestWeft({ ...base, WEFT_ENCRYPTION_KEY: key }, first);
    wefts.push(second);
    expect((await second.api(`/api/deliveries/${id}/redeliver`, { method: 'POST' })).status).toBe(202);
    await eventually('the redelivery', () => (endpoint !== undefined && endpoint.requests.length >= 2 ? true : undefined));
    for (const request of endpoint.requests) expect(new Webhook(secret).verify(request.body, request.headers)).toMatchObject({ data: { orderId: 1 } });
  });
});
