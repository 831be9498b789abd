import { readToken, signOut } from '../auth/token-store.ts';
import type { Json, Problem } from './types.ts';

/** An error answer from Weft, in its one shape `{ error: { code, message, details } }`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** Validation problems a 422 carries, if any. */
  problems(): Problem[] {
    const details = this.details;
    if (typeof details !== 'object' || details === null || !('problems' in details) || !Array.isArray(details.problems)) return [];
    return details.problems.filter(isProblem);
  }
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && 'code' in value && 'message' in value && 'path' in value;
}

interface RequestOptions {
  method?: string;
  body?: Json | object;
}

/** Calls the management API with the signed-in token; a 401 signs out with a message. */
export async function apiFetch(path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${readToken() ?? ''}` };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  if (response.ok) return response;
  const error = await errorOf(response);
  if (response.status === 401) signOut('Weft did not accept your API token. Please sign in again.');
  throw error;
}

/** Like apiFetch, parsing the JSON answer; T is what the route documents (the server validates it). */
export async function apiJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await apiFetch(path, options);
  // The server's response schemas are the contract; the parsed JSON is taken as that shape.
  const parsed: T = await response.json();
  return parsed;
}

async function errorOf(response: Response): Promise<ApiError> {
  try {
    const body: unknown = await response.json();
    if (typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'object' && body.error !== null) {
      const error = body.error;
      const code = 'code' in error && typeof error.code === 'string' ? error.code : 'error';
      const message = 'message' in error && typeof error.message === 'string' ? error.message : response.statusText;
      return new ApiError(response.status, code, message, 'details' in error ? error.details : undefined);
    }
  } catch {
    // Not JSON: fall through to a generic error.
  }
  return new ApiError(response.status, 'http_error', `the server answered ${response.status} ${response.statusText}`, undefined);
}

/** A sentence a non-developer can read for any failure. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message.charAt(0).toUpperCase() + error.message.slice(1);
  if (error instanceof TypeError) return 'Weft could not be reached. Is it running?';
  return error instanceof Error ? error.message : String(error);
}
