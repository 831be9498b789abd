import type { z } from 'zod';
import type { Json, JsonObject } from './json.ts';
import type { Clock, CodeSandbox, DeliveryPort, EventPort, FlowStarter, HttpPort } from './ports.ts';

/** What a webhook caller receives when a flow answers it (from `core.respond`). */
export interface WebhookResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface StepLogEntry {
  at: string;
  level: 'info' | 'warn' | 'error';
  message: string;
}

export interface StepLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ExecutionInfo {
  id: string;
  flowId: string;
  flowVersion: number | null;
}

/** Everything a node may touch while it runs; nothing else (no globals, no process.env). */
export interface NodeContext<Params> {
  params: Params;
  input: Json;
  execution: ExecutionInfo;
  nodeId: string;
  /** Stable per execution and step, so a receiver can deduplicate a resumed or retried call. */
  idempotencyKey: string;
  /** 1 on the step's first attempt, counting up with each retry. */
  attempt: number;
  http: HttpPort;
  clock: Clock;
  log: StepLog;
  signal: AbortSignal;
  /** Decrypted credentials by slot, for the slots the flow filled; secrets in them never reach the step record. */
  credentials: Record<string, NodeCredential>;
  /** Publishes events to webhook subscribers (`core.emit`). */
  events: EventPort;
  /** The event that started the execution and the outputs of finished steps by node id, as expressions see them. */
  trigger: Json;
  nodes: Readonly<Record<string, Json>>;
  /** Runs user JavaScript in the isolated sandbox (`core.code`). */
  code: CodeSandbox;
  /** Starts published flows as children of this execution (`core.subflow`). */
  flows: FlowStarter;
  /** Sends signed webhooks with retries, durably (`core.deliver`). */
  deliveries: DeliveryPort;
  /** Set when the node asked to wait (returned `{ wait }`) and is now run again to finish. */
  resumed?: Resumption;
}

/** What a waiting node gets back when it is run again. */
export interface Resumption {
  /** The `state` the node asked to keep. */
  state: Json;
  /** What the awaited signal carried; undefined when the node was woken by its time (`until`). */
  signal?: Json;
}

/** One credential as a node sees it. */
export interface NodeCredential {
  type: string;
  values: Record<string, Json>;
  /** Fresh values after a service refused these (an OAuth2 token is refreshed); their secrets are redacted too. */
  refresh(): Promise<NodeCredential>;
}

/** A node's credential slot: the credential types it accepts, and whether a flow must fill it. */
export interface CredentialSlot {
  types: readonly string[];
  optional: boolean;
}

export interface NodeOutput {
  output: Json;
  /** Output ports that carry `output` onwards; every declared output when omitted. */
  ports?: readonly string[];
  /** Set by nodes that answer the webhook caller. */
  response?: WebhookResponse;
}

/**
 * A node that cannot finish yet (a delay, a call to another flow, a delivery awaiting its outcome)
 * asks to be run again later. Short waits pass in the worker; long ones suspend the execution in
 * the database, so no worker is held. The node runs again with `context.resumed`.
 */
export interface NodeWait {
  wait: WaitRequest;
}

export interface WaitRequest {
  /** Run again at this time at the latest: a delay's end, or how long a signal may take. */
  until?: Date;
  /** Run again when this signal is raised (e.g. `execution:<id>` when a child execution finishes). */
  signal?: string;
  /** Kept with the waiting execution and handed back in `context.resumed.state`. */
  state?: Json;
}

export type NodeResult = NodeOutput | NodeWait;

/**
 * The contract between the engine and a node. Packs build these with `defineNode` (nodes/sdk),
 * which adds typing; the engine needs only this shape.
 */
export interface NodeDefinition<Params = unknown> {
  type: string;
  typeVersion: number;
  displayName: string;
  description: string;
  category: string;
  icon?: string;
  /** Triggers start executions: they have no inputs and receive the event as their input. */
  trigger: boolean;
  params: z.ZodType<Params>;
  inputs: readonly string[];
  outputs: readonly string[];
  sample?: Json;
  /** Credential slots by name; flows fill them with credential ids (`node.credentials`). */
  credentials?: Readonly<Record<string, CredentialSlot>>;
  /**
   * A join node (`core.merge`): it receives `{ <source node id>: output }` for every incoming edge
   * that carried data, in edge order, and is skipped only when none did. Other nodes reached from
   * two upstream steps at once fail with `ambiguous_input`, because picking one would lose data.
   */
  joinsBranches?: boolean;
  /**
   * A loop node (`core.each`): `run` outputs `{ items: Json[], concurrency: number }`. The nodes
   * reachable from `bodyPort` (its body) then run once per item, at most `concurrency` items at
   * once, each run receiving the item as its input. Its step then emits on `donePort` the results
   * in item order: per item, the output of the body's end step that ran (an object by node id when
   * several did; nothing when none did, so a filter in the body drops items).
   */
  loop?: { bodyPort: string; donePort: string };
  /**
   * Steps that carry a flow's params from older versions of this node to this one, ordered and
   * ending at `typeVersion - 1`; a flow pinned to a version no pack registers any more runs with
   * this definition when these reach it.
   */
  migrations?: readonly NodeMigration[];
  /**
   * The node reaches the world outside the execution (an HTTP call, a published event, another
   * flow): running it again is not harmless. Trying a draft on past events shows what such a step
   * would send instead of running it, unless the person allows side effects.
   */
  sideEffects?: boolean;
  run(context: NodeContext<Params>): Promise<NodeResult>;
}

/**
 * Rewrites a node's params as a flow document holds them (expressions still unevaluated) from
 * `fromVersion` to `fromVersion + 1`.
 */
export interface NodeMigration {
  fromVersion: number;
  up(params: JsonObject): JsonObject;
}

/** Looks node definitions up by type and pinned typeVersion. */
export interface NodeRegistry {
  get(type: string, typeVersion: number): NodeDefinition | undefined;
  versionsOf(type: string): readonly number[];
  all(): readonly NodeDefinition[];
  /**
   * Counts the times the definitions changed (node packs installed, upgraded or removed in a running
   * Weft); anything derived from them under another generation, such as a plan, is stale.
   */
  readonly generation: number;
}

export function createNodeRegistry(definitions: readonly NodeDefinition[]): NodeRegistry {
  const byKey = new Map<string, NodeDefinition>();
  const versions = new Map<string, number[]>();
  for (const definition of definitions) {
    const key = `${definition.type}@${definition.typeVersion}`;
    if (byKey.has(key)) throw new Error(`node ${key} is defined twice`);
    byKey.set(key, definition);
    versions.set(definition.type, [...(versions.get(definition.type) ?? []), definition.typeVersion].sort((a, b) => a - b));
  }
  return {
    get: (type, typeVersion) => byKey.get(`${type}@${typeVersion}`),
    versionsOf: (type) => versions.get(type) ?? [],
    all: () => [...byKey.values()],
    generation: 0,
  };
}
