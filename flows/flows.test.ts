import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type FlowDocument, flowDocumentSchema, isJsonObject, jsonSchema, serializeFlow, silentLogger, systemClock } from '../engine/index.ts';
import { builtinPacks, registryOf, webhookParams } from '../nodes/index.ts';
import { createFetchHttpPort } from '../server/adapters/fetch-http.ts';
import { createCodeSandbox } from '../server/sandbox/code-sandbox.ts';
import { type LoopbackServer, startLoopbackServer } from '../nodes/sdk/testing/index.ts';
import { type FlowSample, readSample, sampleEvent } from './sample-event.ts';

const flowsDir = dirname(fileURLToPath(import.meta.url));
const flowFiles = readdirSync(flowsDir)
  .filter((file) => file.endsWith('.flow.json'))
  .sort();

const code = createCodeSandbox();
const engine = createEngine({
  registry: registryOf(builtinPacks),
  // The flows' calls are redirected to a receiver on loopback.
  ports: { http: createFetchHttpPort({ allowPrivate: ['127.0.0.0/8', '::1/128'] }), clock: systemClock, logger: silentLogger, code },
});

let receiver: LoopbackServer;
beforeAll(async () => {
  // Stands in for the third-party system a flow calls.
  receiver = await startLoopbackServer(() => ({ headers: { 'content-type': 'application/json' }, body: '{"received":true}' }));
});
afterAll(async () => {
  await receiver.close();
  await code.close();
});

function readFlow(file: string): { text: string; document: FlowDocument } {
  const text = readFileSync(join(flowsDir, file), 'utf8');
  return { text, document: flowDocumentSchema.parse(JSON.parse(text)) };
}

/** The flow with every HTTP request step aimed at the test's receiver instead of its real address. */
function aimedAtReceiver(document: FlowDocument, url: string): FlowDocument {
  const nodes = document.nodes.map((node) => (node.type === 'core.http' ? { ...node, params: { ...node.params, url } } : node));
  return { ...document, nodes };
}

async function runSample(document: FlowDocument, sample: FlowSample) {
  receiver.requests.length = 0;
  const plan = engine.plan(aimedAtReceiver(document, receiver.url));
  const result = await engine.execute({
    plan,
    execution: { id: `sample-${document.id}`, flowId: document.id, flowVersion: null },
    payload: sampleEvent(sample.request),
  });
  const calls = receiver.requests.map((call) => ({ method: call.method, body: jsonSchema.parse(JSON.parse(call.body)) }));
  return { result, calls };
}

function responseMode(document: FlowDocument): 'immediately' | 'whenFinished' {
  const trigger = document.nodes.find((node) => node.type === 'core.webhook');
  if (trigger === undefined) throw new Error(`${document.id} has no webhook trigger`);
  return webhookParams.parse(trigger.params).responseMode;
}

describe.each(flowFiles)('flows/%s', (file) => {
  const samplePath = join(flowsDir, file.replace(/\.flow\.json$/, '.sample.json'));

  it('is stored exactly as serializeFlow writes it', () => {
    const { text, document } = readFlow(file);
    expect(text).toBe(serializeFlow(document));
    expect(`${document.id}.flow.json`).toBe(file);
  });

  it('validates with no problems', () => {
    expect(engine.validate(JSON.parse(readFlow(file).text)).problems).toEqual([]);
  });

  it('answers its sample request and makes the expected calls', async () => {
    const { document } = readFlow(file);
    const sample = await readSample(samplePath);
    const { result, calls } = await runSample(document, sample);

    expect(result.error).toBeNull();
    expect(result.status).toBe('succeeded');
    expect(calls).toEqual(sample.calls);
    if (responseMode(document) === 'immediately') {
      // The server answers 202 with the execution id before the flow runs; nothing in the flow answers.
      expect(sample.response.status).toBe(202);
      return;
    }
    if (result.response === null) {
      // No respond step ran: the server answers 200 with the execution id and status.
      expect(sample.response).toMatchObject({ status: 200 });
      expect(sample.response.body).toBeUndefined();
      return;
    }
    expect(result.response.status).toBe(sample.response.status);
    const contentType = sample.response.contentType ?? '';
    expect(result.response.headers['content-type']?.slice(0, contentType.length)).toBe(contentType);
    const expected = sample.response.body;
    if (typeof expected === 'string') expect(result.response.body).toBe(expected);
    else if (expected !== undefined) expect(jsonSchema.parse(JSON.parse(result.response.body))).toEqual(expected);
  });
});

describe('flows/shopify-paid-order.flow.json beyond its sample', () => {
  it.each(['pending', 'refunded', 'partially_paid'])('forwards nothing for a %s order', async (financialStatus) => {
    const { document } = readFlow('shopify-paid-order.flow.json');
    const sample = await readSample(join(flowsDir, 'shopify-paid-order.sample.json'));
    const body = isJsonObject(sample.request.body) ? sample.request.body : {};
    const unpaid = { ...sample, request: { ...sample.request, body: { ...body, financial_status: financialStatus } } };

    const { result, calls } = await runSample(document, unpaid);

    expect(result.status).toBe('succeeded');
    expect(calls).toEqual([]);
    expect(result.steps.find((step) => step.nodeId === 'forwardOrder')?.status).toBe('skipped');
  });

  it('sends the order with an idempotency key stable for the execution', async () => {
    const { document } = readFlow('shopify-paid-order.flow.json');
    await runSample(document, await readSample(join(flowsDir, 'shopify-paid-order.sample.json')));
    expect(receiver.requests[0]?.headers).toMatchObject({
      'content-type': 'application/json',
      'idempotency-key': 'sample-shopify-paid-order:forwardOrder',
    });
  });
});
