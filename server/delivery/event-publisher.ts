import type { EventPort } from '@weft/engine';
import type { PgBoss } from 'pg-boss';
import type { Database } from '../storage/database.ts';
import { publishEvent } from './publish-event.ts';

/** The engine's event port, backed by the same durable publish as `POST /api/events`. */
export function createEventPublisher(database: Database, boss: PgBoss): EventPort {
  return {
    async publish(event) {
      const published = await publishEvent(database, boss, { ...event, source: 'flow' });
      return { id: published.id, type: published.type, duplicate: published.duplicate, deliveries: published.deliveries.length };
    },
  };
}
