import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createKeyring } from '../credentials/keyring.ts';
import { rotateKeyCommand } from '../credentials/rotate-key-command.ts';
import { createDatabase } from '../storage/database.ts';
import { startTestWeft, type TestWeft } from '../testing/test-weft.ts';
import { deliveryApi } from './delivery-api.ts';
import { encryptPlainSubscriptionSecrets } from './subscription-secrets-repo.ts';
import { eventually, type Receiver, startReceiver } from './test-receiver.ts';

const base = { WEFT_ALLOW_PRIVATE_DELIVERY_URLS: '127.0.0.0/8', WEFT_DELIVERY_POLL_SECONDS: '0.5' };
const newKey = () => randomBytes(32).toString('base64');

const receivers: Receiver[] = [];
const wefts: TestWeft[] = [];
afterEach(async () => {
  // Later Wefts share the first one's database: close them all, then drop it with the first.
  for (const weft of wefts.splice(0).reverse()) await weft.stop();
});
afterAll(async () => {
  await Promise.all(receivers.map((receiver) => receiver.close()));
});

async function weftWith(environment: Record<string, string>, reuse?: TestWeft): Promise<TestWeft> {
  const weft = await startTestWeft({ ...base, ...environment }, reuse);
  wefts.push(weft);
  return weft;
}

async function receiver(): Promise<Receiver> {
  const started = await startReceiver();
  receivers.push(started);
  return started;
}

/** Publishes one event and checks Standard Webhooks verifies its delivery with every one of `secrets`. */
async function deliverAndVerify(weft: TestWeft, endpoint: Receiver, type: string, secrets: string[]): Promise<void> {
  const api = deliveryApi(weft);
  const event = await api.publish({ type, data: { type } });
  const delivery = await eventually(() => api.delivery(event.deliveries[0]?.id ?? ''), (view) => view.status !== 'pending');
  expect(delivery.status).toBe('delivered');
  const request = endpoint.requests.at(-1);
  const headers = Object.fromEntries(Object.entries(request?.headers ?? {}).map(([name, value]) => [name, String(value)]));
  for (const secret of secrets) expect(new Webhook(secret).verify(request?.body ?? '', headers)).toMatchObject({ type, data: { type } });
}

const storedSchema = z.object({ secret: z.string().nullable(), previous_secret: z.string().nullable(), secrets_key_id: z.string().nullable() });

/** The subscription's whole row as stored, as text (to search for secrets) and parsed. */
async function storedRow(weft: TestWeft, id: string): Promise<{ text: string; row: z.infer<typeof storedSchema> }> {
  const database = createDatabase(weft.databaseUrl, 1);
  try {
    const result = await database.query('SELECT row_to_json(s)::text AS text FROM weft_subscriptions s WHERE id = $1', [id]);
    const text = String(result.rows[0]?.text);
    return { text, row: storedSchema.parse(JSON.parse(text)) };
  } finally {
    await database.end();
  }
}

const secretParts = (secret: string) => [secret, secret.replace(/^whsec_/, '')];

describe('subscription signing secrets at rest', () => {
  it('are never stored in plain text, and deliveries still verify', async () => {
    const weft = await weftWith({ WEFT_ENCRYPTION_KEY: newKey() });
    const endpoint = await receiver();
    const api = deliveryApi(weft);
    const subscription = await api.subscribe({ url: endpoint.url, eventTypes: ['sealed.*'] });
    const first = subscription.secret ?? '';
    const rotated = await (await weft.api(`/api/subscriptions/${subscription.id}/rotate-secret`, { method: 'POST', body: {} })).json();
    const second = String(rotated.secret);
    const { text, row } = await storedRow(weft, subscription.id);
    for (const part of [...secretParts(first), ...secretParts(second)]) expect(text).not.toContain(part);
    expect(row).toMatchObject({ secret: null, previous_secret: null, secrets_key_id: expect.stringMatching(/^[0-9a-f]{16}$/) });
    await deliverAndVerify(weft, endpoint, 'sealed.both', [first, second]);
  });

  it('stored in plain text before encryption are sealed at start-up, by two processes at once, and keep verifying', async () => {
    const key = newKey();
    const first = await weftWith({ WEFT_ENCRYPTION_KEY: key });
    const endpoint = await receiver();
    const ids: string[] = [];
    for (let index = 0; index < 3; index++) ids.push((await deliveryApi(first).subscribe({ url: endpoint.url, eventTypes: [`legacy.${index}`] })).id);
    // Put the rows back as a Weft before migration 0005 left them: plain secrets, nothing sealed.
    const plain = `whsec_${randomBytes(32).toString('base64')}`;
    const database = createDatabase(first.databaseUrl, 4);
    try {
      await database.query(
        `UPDATE weft_subscriptions SET secret = $1, secrets_key_id = NULL, secrets_iv = NULL, secrets_auth_tag = NULL, secrets_ciphertext = NULL`,
        [plain],
      );
      const keyring = async () => createKeyring(Buffer.from(key, 'base64'));
      const sealed = await Promise.all([encryptPlainSubscriptionSecrets(database, keyring), encryptPlainSubscriptionSecrets(database, keyring)]);
      expect(sealed[0] + sealed[1]).toBe(3);
      expect(await encryptPlainSubscriptionSecrets(database, keyring)).toBe(0);
      // And once more as a real start-up would find them.
      await database.query(`UPDATE weft_subscriptions SET secret = $1, secrets_ciphertext = NULL, secrets_key_id = NULL WHERE id = $2`, [plain, ids[0]]);
    } finally {
      await database.end();
    }
    await first.weft.close();
    const second = await weftWith({ WEFT_ENCRYPTION_KEY: key }, first);
    for (const id of ids) {
      const { text, row } = await storedRow(second, id);
      for (const part of secretParts(plain)) expect(text).not.toContain(part);
      expect(row.secrets_key_id).not.toBeNull();
    }
    await deliverAndVerify(second, endpoint, 'legacy.0', [plain]);
  });

  it('keep working across `weft credentials rotate-key` to a new encryption key', async () => {
    const oldKey = newKey();
    const first = await weftWith({ WEFT_ENCRYPTION_KEY: oldKey });
    const endpoint = await receiver();
    const subscription = await deliveryApi(first).subscribe({ url: endpoint.url, eventTypes: ['rekeyed'] });
    const rotated = await (await first.api(`/api/subscriptions/${subscription.id}/rotate-secret`, { method: 'POST', body: {} })).json();
    const secrets = [String(rotated.secret), subscription.secret ?? ''];
    const keyIdBefore = (await storedRow(first, subscription.id)).row.secrets_key_id;
    await first.weft.close();

    const key = newKey();
    const lines: string[] = [];
    const out = { stdout: (text: string) => lines.push(text), stderr: (text: string) => lines.push(text) };
    expect(await rotateKeyCommand({ DATABASE_URL: first.databaseUrl, WEFT_ENCRYPTION_KEY: key }, out)).toBe(1);
    expect(lines.pop()).toMatch(/^encryption_key_missing: the signing secret of subscription .* WEFT_ENCRYPTION_KEY_PREVIOUS$/);
    expect(await rotateKeyCommand({ DATABASE_URL: first.databaseUrl, WEFT_ENCRYPTION_KEY: key, WEFT_ENCRYPTION_KEY_PREVIOUS: oldKey }, out)).toBe(0);
    expect(lines.pop()).toMatch(/^re-encrypted 0 credentials and the secrets of 1 subscription under key [0-9a-f]{16}$/);

    // The old key is gone from the configuration: everything must now open with the new one.
    const second = await weftWith({ WEFT_ENCRYPTION_KEY: key }, first);
    expect((await storedRow(second, subscription.id)).row.secrets_key_id).not.toBe(keyIdBefore);
    await deliverAndVerify(second, endpoint, 'rekeyed', secrets);
  });
});
