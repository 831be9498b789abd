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
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
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
}

export const systemClock: Clock = { now: () => new Date() };
export const silentLogger: Logger = { log: () => {} };
