import {
  createEngine,
  createNodeRegistry,
  type ExecutionInfo,
  type FlowDocumentInput,
  type CodeSandbox,
  type HttpPort,
  type Json,
  type NodeDefinition,
  type PendingWait,
  type Resumption,
  type ResumedWait,
  type StepRecord,
  silentLogger,
  systemClock,
  unavailableCode,
} from '@weft/engine';
import { z } from 'zod';
import { defineNode } from '../define-node.ts';
import { type TestCredential, testCredentialsPort } from './test-credentials.ts';

export interface RunNodeOptions {
  /** Params as a flow document holds them: strings starting with `=` are JSONata expressions. */
  params?: Record<string, Json>;
  /** The node's input (for a trigger, the event it receives). */
  input?: Json;
  /** Outbound HTTP; without it any call fails the step. */
  http?: HttpPort;
  /** Where `core.code` runs; without it a code step fails. Tests pass the server's real sandbox. */
  code?: CodeSandbox;
  /** Credentials by slot name, filled into the node's slots of the same names. */
  credentials?: Record<string, TestCredential>;
  execution?: ExecutionInfo;
  /** Runs the second half of a node that asked to wait: what it kept, and the signal's payload. */
  resumed?: Resumption;
}

/** Thrown by `runNode` when the node asked to wait (a long delay, a signal): `wait` says for what. */
export class NodeWaitingError extends Error {
  readonly wait: PendingWait;

  constructor(message: string, wait: PendingWait) {
    super(message);
    this.wait = wait;
  }
}

/** The execution `runNode` runs under unless told otherwise. */
export const testExecution: ExecutionInfo = { id: 'exec_test', flowId: 'node-test', flowVersion: 1 };

/** The id the node under test has in the flow `runNode` builds. */
export const testNodeId = 'subject';

// A private trigger, so the kit needs no pack of its own to feed a node its input.
const startNode = defineNode({
  type: 'testkit.start',
  typeVersion: 1,
  displayName: 'Test start',
  description: 'Passes the test input on.',
  category: 'Testing',
  trigger: true,
  params: z.strictObject({}),
  run: async ({ input }) => ({ output: input }),
});

const noHttp: HttpPort = {
  request: async (request) => {
    throw new Error(`runNode: ${request.method} ${request.url} needs an http port; pass { http: fetchHttpPort() }`);
  },
};

/**
 * Runs one node through a real engine: a trigger hands it `input`, its params' expressions are
 * evaluated and checked exactly as in a deployed flow, and the node's step record comes back.
 * A trigger node runs alone with `input` as its event. Params that fail the static check throw
 * the engine's `invalid_flow` ValidationError.
 */
export async function runNode(definition: NodeDefinition, options: RunNodeOptions = {}): Promise<StepRecord> {
  const engine = createEngine({
    registry: createNodeRegistry(definition.trigger ? [definition] : [startNode, definition]),
    ports: {
      http: options.http ?? noHttp,
      clock: systemClock,
      logger: silentLogger,
      code: options.code ?? unavailableCode,
      ...(options.credentials === undefined ? {} : { credentials: testCredentialsPort(options.credentials) }),
    },
  });
  const plan = engine.plan(singleNodeFlow(definition, options.params ?? {}, Object.keys(options.credentials ?? {})));
  const resumed = options.resumed;
  const result = await engine.execute({
    plan,
    execution: options.execution ?? testExecution,
    payload: options.input ?? null,
    ...(resumed === undefined ? {} : { resume: [resumedAt(resumed)] }),
  });
  const step = result.steps.find((candidate) => candidate.nodeId === testNodeId);
  if (step !== undefined) return step;
  const wait = result.waits.find((candidate) => candidate.nodeId === testNodeId);
  if (wait?.node !== undefined) {
    throw new NodeWaitingError(`runNode: ${definition.type} asked to wait; run it again with { resumed } to test what follows`, wait);
  }
  throw new Error(`runNode: ${definition.type} did not run`);
}

/** The node's wait as the engine gets it back: woken by its signal, or (without one) because its time came. */
function resumedAt(resumed: Resumption): ResumedWait {
  const node = { state: resumed.state };
  if (resumed.signal === undefined) return { nodeId: testNodeId, attempts: 0, resumeAt: new Date(0).toISOString(), node };
  return { nodeId: testNodeId, attempts: 0, resumeAt: null, node, signalPayload: resumed.signal };
}

function singleNodeFlow(definition: NodeDefinition, params: Record<string, Json>, slots: readonly string[]): FlowDocumentInput {
  // Each slot is filled with the credential of the same name.
  const credentials = Object.fromEntries(slots.map((slot) => [slot, slot]));
  const subject = { id: testNodeId, type: definition.type, typeVersion: definition.typeVersion, params, ...(slots.length === 0 ? {} : { credentials }) };
  const base: Pick<FlowDocumentInput, 'formatVersion' | 'id' | 'name'> = { formatVersion: 1, id: 'node-test', name: `runNode ${definition.type}` };
  if (definition.trigger) return { ...base, nodes: [subject], edges: [] };
  const inputPort = definition.inputs[0];
  if (inputPort === undefined) throw new Error(`runNode: ${definition.type} has no input port to receive the input`);
  return {
    ...base,
    nodes: [{ id: 'start', type: startNode.type, typeVersion: startNode.typeVersion }, subject],
    edges: [{ from: { node: 'start', port: 'out' }, to: { node: testNodeId, port: inputPort } }],
  };
}
