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

export interface EnginePorts {
  http: HttpPort;
  clock: Clock;
  logger: Logger;
  /** Randomness for retry jitter, in [0, 1); Math.random when absent. */
  random?: () => number;
  /** Absent where no credentials are stored; a node that references one then fails its step. */
  credentials?: CredentialsPort;
}

export const systemClock: Clock = { now: () => new Date() };
export const silentLogger: Logger = { log: () => {} };
