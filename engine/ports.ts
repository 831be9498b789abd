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

export interface EnginePorts {
  http: HttpPort;
  clock: Clock;
  logger: Logger;
}

export const systemClock: Clock = { now: () => new Date() };
export const silentLogger: Logger = { log: () => {} };
