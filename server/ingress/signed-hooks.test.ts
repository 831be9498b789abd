import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWeft, type TestWeft } from '../testing/test-weft.ts';
import { webhookKit } from '../testing/webhook-kit.ts';
import { signatureCases, tampered } from '../testing/provider-signatures.ts';

let weft: TestWeft;
const kit = webhookKit(() => weft);

beforeAll(async () => {
  weft = await startTestWeft({ WEFT_ENCRYPTION_KEY: randomBytes(32).toString('base64') });
});
afterAll(async () => weft?.stop());

type SignedRequest = { headers: Record<string, string>; body: string; query: string };

describe.each(signatureCases.map((scheme, index) => ({ ...scheme, flowId: `signed-${index}` })))('$name through the webhook ingress', (scheme) => {
  const signed = async (options: { body?: string; secret?: string; signedAt?: Date } = {}): Promise<SignedRequest> => {
    const query = scheme.query(scheme.body);
    const url = `${weft.url}/hooks/${scheme.flowId}${query}`;
    const headers = await scheme.sign({ url, body: scheme.body, secret: options.secret ?? scheme.secret, now: options.signedAt ?? new Date() });
    return { headers: { 'content-type': scheme.contentType, ...headers }, body: options.body ?? scheme.body, query };
  };
  const withoutSignature = async (): Promise<SignedRequest> => {
    const request = await signed();
    return { ...request, headers: Object.fromEntries(Object.entries(request.headers).filter(([name]) => name !== scheme.signatureHeader)) };
  };

  beforeAll(async () => {
    const credential = await kit.credential('core.hmacSecret', { secret: scheme.secret });
    await kit.publish(kit.hookFlow(scheme.flowId, { verify: { ...scheme.settings, credential } }));
  });

  it('runs the flow for a request the provider signed; a redelivery gets the same execution when the scheme names a delivery id', async () => {
    const response = await kit.post(scheme.flowId, await signed());
    expect(response.status).toBe(202);
    const { executionId } = await response.json();
    const again = await kit.post(scheme.flowId, await signed());
    expect(again.status).toBe(202);
    const second = await again.json();
    if (scheme.deliveryId === undefined) expect(second.executionId).not.toBe(executionId);
    else expect(second).toEqual({ executionId, duplicate: true });
    expect(await kit.executionCount(scheme.flowId)).toBe(scheme.deliveryId === undefined ? 2 : 1);
  });

  it.each<[string, () => Promise<SignedRequest>, string]>([
    ['a tampered body', async () => signed({ body: tampered(scheme.body) }), scheme.tamperReason],
    ['a signature made with another secret', async () => signed({ secret: scheme.wrongSecret }), 'signature_mismatch'],
    ['a request without the signature header', withoutSignature, 'missing_signature'],
    ...(scheme.timestamped ? [['a replay signed 10 minutes ago', async () => signed({ signedAt: new Date(Date.now() - 600_000) }), 'stale_timestamp'] satisfies [string, () => Promise<SignedRequest>, string]] : []),
  ])('refuses %s with 401, starts nothing, and counts it', async (_case, makeRequest, reason) => {
    const before = await kit.stats(scheme.flowId);
    const executions = await kit.executionCount(scheme.flowId);
    const response = await kit.post(scheme.flowId, await makeRequest());
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { code: 'invalid_signature', message: expect.any(String), details: { reason } } });
    expect(await kit.executionCount(scheme.flowId)).toBe(executions);
    expect(await kit.stats(scheme.flowId)).toMatchObject({ signatureFailures: before.signatureFailures + 1, lastFailure: { at: expect.any(String), reason } });
  });
});

describe('a signed hook whose secret cannot be read', () => {
  it.each([
    ['a credential that does not exist', async () => 'cred_missing'],
    ['a credential of another type', async () => kit.credential('core.bearer', { token: 'github-webhook-secret' })],
  ])('stays shut (401 credential_unavailable) for %s', async (_case, credentialId) => {
    const flowId = `unreadable-${randomBytes(3).toString('hex')}`;
    await kit.publish(kit.hookFlow(flowId, { verify: { scheme: 'github', credential: await credentialId() } }));
    const response = await kit.post(flowId, { body: '{}', headers: { 'x-hub-signature-256': 'sha256=00' } });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_signature', details: { reason: 'credential_unavailable' } } });
    expect(await kit.executionCount(flowId)).toBe(0);
  });
});

describe('ingress stats', () => {
  it('are zero for a flow nothing was refused for', async () => {
    await kit.publish(kit.hookFlow('quiet', {}));
    expect(await kit.stats('quiet')).toEqual({ flowId: 'quiet', signatureFailures: 0, duplicates: 0, rateLimited: 0, lastFailure: null });
  });

  it('answer 404 for an unknown flow', async () => {
    const response = await weft.api('/api/flows/nope/ingress-stats');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: 'flow_not_found', message: expect.any(String) } });
  });
});
