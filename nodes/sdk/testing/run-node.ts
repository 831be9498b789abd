import {
  createEngine,
  createNodeRegistry,
  type ExecutionInfo,
  type FlowDocumentInput,
  type CodeSandbox,
  type HttpPort,
  type Json,
  type NodeDefinition,
  type StepRecord,
  silentLogger,
  systemClock,
  unavailableCode,
} from '@weft/engine';
import { z } from 'zod';
import { defineNode } from '../define-node.ts';

export interface RunNodeOptions {
  /** Params as a flow document holds them: strings starting with `=` are JSONata expressions. */
  params?: Record<string, Json>;
  /** The node's input (for a trigger, the event it receives). */
  input?: Json;
  /** Outbound HTTP; without it any call fails the step. */
  http?: HttpPort;
  /** Where `core.code` runs; without it a code step fails. Tests pass the server's real sandbox. */
  code?: CodeSandbox;
  execution?: ExecutionInfo;
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
    ports: { http: options.http ?? noHttp, clock: systemClock, logger: silentLogger, code: options.code ?? unavailableCode },
  });
  const plan = engine.plan(singleNodeFlow(definition, options.params ?? {}));
  const result = await engine.execute({ plan, execution: options.execution ?? testExecution, payload: options.input ?? null });
  const step = result.steps.find((candidate) => candidate.nodeId === testNodeId);
  if (step === undefined) throw new Error(`runNode: ${definition.type} did not run`);
  return step;
}

function singleNodeFlow(definition: NodeDefinition, params: Record<string, Json>): FlowDocumentInput {
  const subject = { id: testNodeId, type: definition.type, typeVersion: definition.typeVersion, params };
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
