import pg from 'pg';

// SQLSTATEs that say PostgreSQL is not there right now, rather than that a statement was wrong:
// class 08 (connection exception), 57P01–57P03 (shutting down, crashed, starting up) and 53300
// (too many connections).
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
// The socket errors node-postgres passes on as they are when it cannot reach or keep the server.
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
// node-postgres and its pool name a lost, refused or timed-out connection by message only.
const CONNECTION_MESSAGES = [/^Connection terminated/, /is not queryable$/, /^timeout exceeded when trying to connect$/, /^timeout expired$/];

/**
 * True when `error` means the database could not be reached (or was lost mid-statement), so the
 * request may succeed if tried again shortly. Only the error itself is looked at, not its cause:
 * an HTTP client's wrapped ECONNREFUSED is some other service being down, not PostgreSQL.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof pg.DatabaseError) return error.code !== undefined && (error.code.startsWith('08') || UNAVAILABLE_STATES.has(error.code));
  if (error instanceof AggregateError) return error.errors.length > 0 && error.errors.every(isDatabaseUnavailable);
  if (!(error instanceof Error)) return false;
  const code = 'code' in error ? error.code : undefined;
  if (typeof code === 'string' && SOCKET_CODES.has(code)) return true;
  // A Unix socket whose server is not running (the embedded PostgreSQL, stopped) is missing.
  if (code === 'ENOENT' && 'syscall' in error && error.syscall === 'connect') return true;
  return CONNECTION_MESSAGES.some((pattern) => pattern.test(error.message));
}
