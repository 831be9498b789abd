import type { Clock, RateLimitPort } from '@weft/engine';
import { reserveRateSlot } from '../credentials/reserve-rate-slot.ts';
import type { Database } from '../storage/database.ts';

/** Rate-limit turns taken in PostgreSQL, shared by every Weft process on the database. */
export function createDatabaseRateLimits(options: { database: Database; clock: Clock }): RateLimitPort {
  return {
    async reserve(credentialId) {
      const slot = await reserveRateSlot(options.database, credentialId);
      // From the wait rather than the database's timestamp: this process's clock may differ from it.
      return slot === null ? null : new Date(options.clock.now().getTime() + slot.waitMs);
    },
  };
}
