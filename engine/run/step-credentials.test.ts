import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineNode } from '../../nodes/sdk/index.ts';
import { createEngine } from '../engine.ts';
import type { Json } from '../json.ts';
import { createNodeRegistry, type NodeCredential } from '../node-contract.ts';
import { type CredentialsPort, type HttpPort, silentLogger, systemClock, unavailableCode } from '../ports.ts';
import { stepOf } from '../testing/test-engine.ts';

const noHttp: HttpPort = {
  request: async () => {
    throw new Error('no network in this test');
  },
};

const start = defineNode({
  type: 'test.start',
  typeVersion: 1,
  displayName: 'Start',
  description: 'Starts the test flow.',
  category: 'Testing',
  trigger: true,
  params: z.strictObject({}),
  run: async ({ input }) => ({ output: input }),
});

// Logs and outputs the secret it was given, and fails with it when asked: everything the redaction must catch.
const leaky = defineNode({
  type: 'test.leaky',
  typeVersion: 1,
  displayName: 'Leaky',
  description: 'Leaks its credential everywhere it can.',
  category: 'Testing',
  params: z.strictObject({ fail: z.boolean().default(false), refresh: z.boolean().default(false) }),
  credentials: { key: 'test.key' },
  run: async ({ params, credentials, log }) => {
    const credential: NodeCredential | undefined = credentials.key;
    if (credential === undefined) throw new Error('no credential');
    const used = params.refresh ? await credential.refresh() : credential;
    const secret = String(used.values.secret);
    log.info(`calling with ${secret}`);
    if (params.fail) throw new Error(`the service refused ${secret}`);
    return { output: { type: used.type, echoed: secret } };
  },
});

/** A Map-backed port: the same contract the server's store fulfils. */
function memoryPort(credentials: Map<string, { type: string; secret: string }>): CredentialsPort & { refreshes: number } {
  const resolve: CredentialsPort['resolve'] = async ({ credentialId, acceptedTypes }) => {
    const found = credentials.get(credentialId);
    if (found === undefined || !acceptedTypes.includes(found.type)) throw new Error(`no usable credential ${credentialId}`);
    return { type: found.type, values: { secret: found.secret }, secrets: [found.secret] };
  };
  const port = {
    refreshes: 0,
    resolve,
    refresh: async (request: Parameters<CredentialsPort['refresh']>[0]) => {
      port.refreshes += 1;
      const found = credentials.get(request.credentialId);
      if (found !== undefined) credentials.set(request.credentialId, { ...found, secret: `${found.secret}-renewed` });
      return resolve(request);
    },
  };
  return port;
}

function flow(params: Record<string, Json>, credentials?: Record<string, string>) {
  return {
    formatVersion: 1,
    id: 'creds',
    name: 'Credentials',
    nodes: [
      { id: 'start', type: 'test.start', typeVersion: 1 },
      { id: 'use', type: 'test.leaky', typeVersion: 1, params, ...(credentials === undefined ? {} : { credentials }) },
    ],
    edges: [{ from: { node: 'start', port: 'out' }, to: { node: 'use', port: 'in' } }],
  };
}

function engineWith(port: CredentialsPort | undefined) {
  return createEngine({
    registry: createNodeRegistry([start, leaky]),
    ports: { http: noHttp, clock: systemClock, logger: silentLogger, code: unavailableCode, ...(port === undefined ? {} : { credentials: port }) },
  });
}

async function run(port: CredentialsPort | undefined, params: Record<string, Json>, credentials?: Record<string, string>) {
  const engine = engineWith(port);
  const result = await engine.execute({ plan: engine.plan(flow(params, credentials)), execution: { id: 'e1', flowId: 'creds', flowVersion: null }, payload: {} });
  return stepOf(result, 'use');
}

describe('credentials in a step', () => {
  const store = () => new Map([['cred_1', { type: 'test.key', secret: 'sup3r-secret' }]]);

  it.each<{ name: string; params: Record<string, Json>; status: string }>([
    { name: 'succeeds', params: {}, status: 'succeeded' },
    { name: 'fails', params: { fail: true }, status: 'failed' },
    { name: 'refreshes its credential', params: { refresh: true }, status: 'succeeded' },
  ])('hands the node its credential and redacts it from the record when the node $name', async ({ params, status }) => {
    const step = await run(memoryPort(store()), params, { key: 'cred_1' });
    expect(step.status).toBe(status);
    expect(JSON.stringify(step)).not.toContain('sup3r-secret');
    expect(JSON.stringify(step)).toContain('[redacted]');
  });

  it('passes the type and values of the credential to the node', async () => {
    const step = await run(memoryPort(store()), {}, { key: 'cred_1' });
    expect(step.output).toEqual({ type: 'test.key', echoed: '[redacted]' });
    expect(step.logs.map((entry) => entry.message)).toEqual(['calling with [redacted]']);
  });

  it.each([
    { name: 'no credential store', port: undefined, code: 'credentials_unavailable' },
    { name: 'a store without the credential', port: memoryPort(new Map()), code: 'node_error' },
  ])('fails the step with $name', async ({ port, code }) => {
    const step = await run(port, {}, { key: 'cred_1' });
    expect(step).toMatchObject({ status: 'failed', error: { code } });
  });

  it.each([
    { name: 'a required slot left empty', credentials: undefined, path: 'nodes[1].credentials.key' },
    { name: 'an unknown slot', credentials: { key: 'cred_1', other: 'cred_2' }, path: 'nodes[1].credentials.other' },
  ])('reports $name as invalid_credentials', ({ credentials, path }) => {
    const { problems } = engineWith(undefined).validate(flow({}, credentials));
    expect(problems).toEqual([expect.objectContaining({ code: 'invalid_credentials', path, nodeId: 'use' })]);
  });
});
