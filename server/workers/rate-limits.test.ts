import { type LoopbackServer, startLoopbackServer } from '@weft/nodes/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWeft, type TestWeft } from '../testing/test-weft.ts';

let weft: TestWeft;
let receiver: LoopbackServer;
const calls: { at: number; authorization: string | undefined }[] = [];

beforeAll(async () => {
  receiver = await startLoopbackServer((request) => {
    calls.push({ at: Date.now(), authorization: request.headers.authorization });
    return { status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' };
  });
  // Waits over 200 ms suspend the execution, so a step waiting for its turn can be seen waiting.
  weft = await startTestWeft({ WEFT_SUSPEND_AFTER_MS: '200' });
});
afterAll(async () => {
  await receiver?.close();
  await weft?.stop();
});

describe('a credential with a rate limit', () => {
  it('makes steps wait their turn in the database instead of failing', async () => {
    const created = await weft.api('/api/credentials', {
      body: { type: 'core.bearer', name: 'shop', values: { token: 'shop-token' }, rateLimit: { requests: 2, perSeconds: 2 } },
    });
    expect(created.status).toBe(201);
    const credentialId = (await created.json()).id;
    const flow = {
      formatVersion: 1,
      id: 'limited-calls',
      name: 'limited calls',
      nodes: [
        { id: 'start', type: 'core.manual', typeVersion: 1, params: {} },
        { id: 'call', type: 'core.http', typeVersion: 1, params: { method: 'GET', url: `${receiver.url}/orders` }, credentials: { auth: credentialId } },
      ],
      edges: [{ from: { node: 'start', port: 'out' }, to: { node: 'call', port: 'in' } }],
    };
    expect((await weft.api('/api/flows', { body: flow })).status).toBe(201);
    const ids: string[] = [];
    for (let run = 0; run < 5; run++) {
      const response = await weft.api('/api/flows/limited-calls/run', { body: { wait: false } });
      ids.push((await response.json()).executionId);
    }
    // Two calls a turn, two seconds apart: the fifth call's turn is about four seconds off.
    const last = await weft.executionWhen(ids[4] ?? '', ['waiting', 'succeeded', 'failed']);
    expect(last).toMatchObject({ status: 'waiting', error: null, waits: [{ nodeId: 'call', turnTaken: true }] });
    for (const id of ids) expect((await weft.executionWhen(id)).status).toBe('succeeded');
    expect(calls).toHaveLength(5);
    expect(calls.every((call) => call.authorization === 'Bearer shop-token')).toBe(true);
    const times = calls.map((call) => call.at).sort((a, b) => a - b);
    // However late the machine is, turns are never early: the limit's lower bound always holds.
    expect((times[4] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(3_500);
    expect((times[2] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(1_500);
  });
});
