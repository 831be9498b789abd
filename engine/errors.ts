import type { Json } from './json.ts';
import type { CodeLogEntry } from './ports.ts';

/** Every error Weft raises on purpose carries a stable, documented `code`. */
export class WeftError extends Error {
  readonly code: string;
  readonly details: Json | undefined;

  constructor(code: string, message: string, options: { details?: Json; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details;
  }
}

/** Bad input from a caller: a flow document, a payload, a parameter. */
export class ValidationError extends WeftError {}

/** Something the caller asked for does not exist. */
export class NotFoundError extends WeftError {}

/** The caller's view is stale: someone else changed the thing since they read it. */
export class ConflictError extends WeftError {}

/** The caller is not who they must be. */
export class AuthError extends WeftError {}

/** A node failed while running; `retryable` tells retry machinery whether another attempt can help. */
export class NodeRunError extends WeftError {
  readonly retryable: boolean;

  constructor(code: string, message: string, options: { details?: Json; cause?: unknown; retryable?: boolean } = {}) {
    super(code, message, options);
    this.retryable = options.retryable ?? false;
  }
}

/** A code step that failed; it keeps what the code logged before failing, so the step log still shows it. */
export class CodeRunError extends NodeRunError {
  readonly logs: readonly CodeLogEntry[];

  constructor(
    code: string,
    message: string,
    options: { details?: Json; retryable?: boolean; logs?: readonly CodeLogEntry[] } = {},
  ) {
    super(code, message, options);
    this.logs = options.logs ?? [];
  }
}

/** What a step record keeps of an error: plain data, safe to store and show. */
export interface StepError {
  code: string;
  message: string;
  retryable: boolean;
  details?: Json;
}

export function toStepError(error: unknown): StepError {
  if (error instanceof NodeRunError) {
    return withDetails({ code: error.code, message: error.message, retryable: error.retryable }, error.details);
  }
  if (error instanceof WeftError) return withDetails({ code: error.code, message: error.message, retryable: false }, error.details);
  if (error instanceof Error) return { code: 'node_error', message: error.message, retryable: false };
  return { code: 'node_error', message: String(error), retryable: false };
}

function withDetails(error: StepError, details: Json | undefined): StepError {
  return details === undefined ? error : { ...error, details };
}
