import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonSchema } from '@weft/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoopbackServer, startLoopbackServer } from '@weft/nodes/sdk/testing';
import { rawBodyOf, readSample } from '../../flows/sample-event.ts';
import { startTestWeft, type TestWeft } from '../testing/test-weft.ts';

// Each example in flows/ goes through the public API exactly as a user's would: imported, published,
// then called with its sample event as a real HTTP request, calling out to a real receiver.
const flowsDir = join(import.meta.dirname, '..', '..', 'flows');
const examples = readdirSync(flowsDir)
  .filter((file) => file.endsWith('.flow.json'))
  .map((file) => file.replace(/\.flow\.json$/, ''))
  .sort();

let weft: TestWeft;
let receiver: LoopbackServer;
beforeAll(async () => {
  weft = await startTestWeft();
  receiver = await startLoopbackServer(() => ({ headers: { 'content-type': 'application/json' }, body: '{"received":true}' }));
});
afterAll(async () => {
  await receiver?.close();
  await weft?.stop();
});

describe.each(examples)('flows/%s through the API', (name) => {
  it('answers its sample event as documented, calls out as documented, and records every step', async () => {
    const document = JSON.parse(readFileSync(join(flowsDir, `${name}.flow.json`), 'utf8'));
    for (const node of document.nodes) if (node.type === 'core.http') node.params.url = `${receiver.url}/endpoint`;
    const sample = await readSample(join(flowsDir, `${name}.sample.json`));
    expect((await weft.api('/api/flows/import', { body: document })).status).toBe(201);
    expect((await weft.api(`/api/flows/${document.id}/publish`, { method: 'POST' })).status).toBe(200);
    receiver.requests.length = 0;

    const path = sample.request.path === '' ? '' : `/${sample.request.path}`;
    const response = await fetch(`${weft.url}/hooks/${document.id}${path}`, {
      method: sample.request.method,
      headers: sample.request.headers,
      body: rawBodyOf(sample.request),
    });

    expect(response.status).toBe(sample.response.status);
    expect(response.headers.get('content-type') ?? '').toMatch(new RegExp(`^${(sample.response.contentType ?? '').replace(/[+/.]/g, '\\$&')}`));
    const text = await response.text();
    if (typeof sample.response.body === 'string') expect(text).toBe(sample.response.body);
    else if (sample.response.body !== undefined) expect(jsonSchema.parse(JSON.parse(text))).toEqual(sample.response.body);

    const executionId = response.headers.get('x-weft-execution-id') ?? JSON.parse(text).executionId;
    const execution = await weft.executionWhen(executionId);
    expect(execution.status).toBe('succeeded');
    expect(execution.steps.map((step: { nodeId: string }) => step.nodeId).sort()).toEqual(document.nodes.map((node: { id: string }) => node.id).sort());
    expect(execution.steps[0]).toMatchObject({ status: 'succeeded', output: { method: sample.request.method, rawBody: rawBodyOf(sample.request) } });
    expect(receiver.requests.map((call) => ({ method: call.method, body: JSON.parse(call.body) }))).toEqual(sample.calls);
  });
});
