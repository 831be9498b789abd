import { NotFoundError } from '@weft/engine';
import { z } from 'zod';
import type { Queryable } from './database.ts';
import { executionErrorSchema, executionStatuses, responseSchema } from './executions-repo.ts';
import { createGroupCommit } from './group-commit.ts';

const outcomeRowSchema = z.object({
  id: z.string(),
  status: z.enum(executionStatuses),
  error: executionErrorSchema.nullable(),
  response: responseSchema.nullable(),
});

/** Where an execution stands, as a request that waited for it answers from. */
export type ExecutionOutcomeRecord = Omit<z.infer<typeof outcomeRowSchema>, 'id'>;

/** Reads an execution's outcome; NotFoundError when there is no such execution (any more). */
export type OutcomeReader = (executionId: string) => Promise<ExecutionOutcomeRecord>;

// Planned on each run, not prepared: a plan made while the table was small stayed in use as it
// grew (it scanned the whole table; ~1.5 ms a read instead of ~0.1).
const READ_OUTCOMES = 'SELECT id::text, status, error, response FROM weft_executions WHERE id = ANY($1::uuid[])';

/**
 * Reads outcomes for webhook requests that answer once their flow finished. Only the outcome's
 * columns are read, not the event, and the reads asked for at the same moment share one
 * statement: executions that finish together (they commit together) wake their requests together.
 */
export function createOutcomeReader(database: Queryable): OutcomeReader {
  const read = createGroupCommit(async (ids: string[]) => {
    const result = await database.query(READ_OUTCOMES, [ids]);
    const byId = new Map(result.rows.map((row) => outcomeRowSchema.parse(row)).map(({ id, ...outcome }) => [id, outcome]));
    return ids.map((id) => byId.get(id));
  });
  return async (executionId) => {
    const outcome = await read(executionId);
    if (outcome === undefined) throw new NotFoundError('execution_not_found', `no execution has the id "${executionId}"`);
    return outcome;
  };
}
