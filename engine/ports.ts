import { NodeRunError } from './errors.ts';
import type { Json } from './json.ts';

// The engine's only ways to reach the world. server/ wires real adapters; tests and the CLI wire
// in-memory or loopback ones. Nothing in engine/ may do I/O except through these.

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  timeoutMs: number;
  signal?: AbortSignal;
  /** `bytes` hands the answer's body back undecoded, in `HttpResponse.bytes` (files, images); `text` when absent. */
  responseType?: 'text' | 'bytes';
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** The body decoded as UTF-8; empty when the request asked for bytes. */
  body: string;
  /** The body as received, when the request asked for `responseType: 'bytes'`. */
  bytes?: Uint8Array;
}

/** Outbound HTTP. Adapters decide which addresses may be reached. */
export interface HttpPort {
  request(request: HttpRequest): Promise<HttpResponse>;
}

export interface Clock {
  now(): Date;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Operator-facing log (not the per-step log a user sees, which the engine keeps in the step record). */
export interface Logger {
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
}

/** A credential's values as a node receives them, decrypted for the one step that uses them. */
export interface ResolvedCredential {
  /** The credential type id, e.g. `core.bearer`: a slot may accept several. */
  type: string;
  values: Record<string, Json>;
  /** Every string the step record must not keep: secret values and forms derived from them. */
  secrets: readonly string[];
}

export interface CredentialRequest {
  credentialId: string;
  /** The type ids the node's slot accepts; a credential of another type is refused. */
  acceptedTypes: readonly string[];
  signal: AbortSignal;
}

/** Stored credentials. The server decrypts them from PostgreSQL; the CLI and tests keep them in a Map. */
export interface CredentialsPort {
  resolve(request: CredentialRequest): Promise<ResolvedCredential>;
  /** Fresh values after a service refused the current ones (an OAuth2 access token is refreshed). */
  refresh(request: CredentialRequest): Promise<ResolvedCredential>;
}

export interface CodeRequest {
  /** The body of an async function that receives `input`, `nodes` and `trigger` and returns the step's output. */
  source: string;
  input: Json;
  /** Outputs of finished upstream steps by node id, as expressions see them. */
  nodes: Record<string, Json>;
  trigger: Json;
  timeoutMs: number;
  memoryMb: number;
  signal?: AbortSignal;
}

export interface CodeLogEntry {
  level: 'info' | 'warn' | 'error';
  message: string;
}

export interface CodeResult {
  value: Json;
  logs: CodeLogEntry[];
}

/**
 * Runs untrusted JavaScript away from the host: only copies of JSON go in and only JSON comes out.
 * Failures are `CodeRunError`s (codes `code_timeout`, `code_memory_limit`, `code_error`, …) carrying the logs written so far.
 */
export interface CodeSandbox {
  run(request: CodeRequest): Promise<CodeResult>;
}

/** The sandbox where none is wired (engine-only tests): a code step fails instead of running its code anywhere else. */
export const unavailableCode: CodeSandbox = {
  run: async () => {
    throw new NodeRunError('code_unavailable', 'code steps need a code sandbox; this engine was built without one');
  },
};

/** An event for the subscribers of outbound webhooks. */
export interface EventToPublish {
  type: string;
  data: Json;
  /** Publishing the same key again creates nothing and returns the first event. */
  idempotencyKey: string;
}

export interface PublishedEvent {
  id: string;
  type: string;
  /** True when the key had been published before. */
  duplicate: boolean;
  /** How many subscriptions receive it. */
  deliveries: number;
}

/** Publishes named events to webhook subscribers (`core.emit`); the server stores them durably. */
export interface EventPort {
  publish(event: EventToPublish): Promise<PublishedEvent>;
}

/** The event port where nothing receives events (in-memory runs): publishing fails the step. */
export const unavailableEvents: EventPort = {
  publish: async () => {
    throw new NodeRunError('events_unavailable', 'publishing events needs a running Weft server; this run has no event store');
  },
};

/** A published flow to run as a child of the calling step (`core.subflow`). */
export interface ChildFlowRequest {
  flowId: string;
  payload: Json;
  /** The calling execution and step; the child wakes them when it finishes. */
  parent: { executionId: string; nodeId: string };
  /** Starting with the same key again returns the first child: a resumed step starts no second one. */
  idempotencyKey: string;
}

export interface StartedChildFlow {
  executionId: string;
  /** Raised with a `ChildFlowOutcome` when the child finishes; wait for it with `{ wait: { signal } }`. */
  signal: string;
}

/** What a finished child execution reports to the step waiting for it. */
export interface ChildFlowOutcome {
  executionId: string;
  status: 'succeeded' | 'failed';
  /** The output of the child's last step that ran (or its respond step's answer body, parsed when JSON). */
  output: Json;
  error: { nodeId: string; code: string; message: string } | null;
}

/** Starts other flows; the server queues them durably. */
export interface FlowStarter {
  start(request: ChildFlowRequest): Promise<StartedChildFlow>;
}

/** Where no flows are stored (CLI, in-memory runs): calling another flow fails the step. */
export const unavailableFlows: FlowStarter = {
  start: async () => {
    throw new NodeRunError('flows_unavailable', 'calling another flow needs a running Weft server; this run has no flow store');
  },
};

/** One signed webhook a flow sends to a URL (`core.deliver`), with the server's retries and attempt log. */
export interface DeliveryRequest {
  url: string;
  /** Sent as `X-Webhook-Event` and as the payload's `type`. */
  eventType: string;
  data: Json;
  /** Extra request headers; the signature and framing headers are the server's own. */
  headers: Record<string, string>;
  /** The Standard Webhooks secret (`whsec_…`) that signs every attempt. */
  secret: string;
  /** Seconds to wait before each retry after the first attempt; the server's schedule when absent. */
  retrySchedule?: readonly number[];
  /** How long one attempt may take; the server's default when absent. */
  timeoutMs?: number;
  /** The step sending it, shown with the delivery. */
  origin: { executionId: string; nodeId: string };
  /** Sending with the same key again returns the first delivery: a step that runs again sends nothing twice. */
  idempotencyKey: string;
}

export interface QueuedDelivery {
  deliveryId: string;
  /** Raised with a `DeliveryOutcome` once the delivery settles; wait for it with `{ wait: { signal } }`. */
  signal: string;
  /** The retry schedule (seconds) and attempt time-out in force, so a waiting step can bound its wait. */
  retrySchedule: readonly number[];
  timeoutMs: number;
}

/** How a delivery settled: delivered, or failed after its last retry (or because its endpoint is disabled). */
export interface DeliveryOutcome {
  deliveryId: string;
  status: 'delivered' | 'failed';
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
}

/** Sends signed webhooks durably; the server queues them on its outbound delivery machinery. */
export interface DeliveryPort {
  send(request: DeliveryRequest): Promise<QueuedDelivery>;
}

/** Where nothing delivers webhooks (CLI, in-memory runs): sending one fails the step. */
export const unavailableDeliveries: DeliveryPort = {
  send: async () => {
    throw new NodeRunError('deliveries_unavailable', 'delivering webhooks needs a running Weft server; this run has no delivery queue');
  },
};

/**
 * Per-credential rate limits on outgoing calls ("at most 100 requests a minute on this store").
 * The server keeps the turns in PostgreSQL, so every worker process shares one queue per credential.
 */
export interface RateLimitPort {
  /**
   * Takes the credential's next turn: null when it has no limit, else when the call may go (now, or
   * later: wait or suspend until then, do not fail). A turn is spent once taken, so take one per
   * call, right before making it, and not again for a call already given one.
   */
  reserve(credentialId: string): Promise<Date | null>;
}

export interface EnginePorts {
  http: HttpPort;
  clock: Clock;
  logger: Logger;
  code: CodeSandbox;
  /** Randomness for retry jitter, in [0, 1); Math.random when absent. */
  random?: () => number;
  /** Absent where no credentials are stored; a node that references one then fails its step. */
  credentials?: CredentialsPort;
  /** Absent where no events are stored (CLI, tests); `core.emit` then fails its step. */
  events?: EventPort;
  /** Absent where no flows are stored (CLI, tests); `core.subflow` then fails its step. */
  flows?: FlowStarter;
  /** Absent where nothing delivers webhooks (CLI, tests); `core.deliver` then fails its step. */
  deliveries?: DeliveryPort;
  /** Absent where calls are not rate limited (CLI, tests): every call goes at once. */
  rateLimits?: RateLimitPort;
}

export const systemClock: Clock = { now: () => new Date() };
export const silentLogger: Logger = { log: () => {} };
