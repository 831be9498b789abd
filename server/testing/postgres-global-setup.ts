import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../storage/embedded-postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

/** Starts one real PostgreSQL for the whole test run; each test file makes its own database in it. */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'weft-test-pg-'));
  const database = await startEmbeddedPostgres({ dataDir: join(dataDir, 'data'), durable: false });
  project.provide('postgresUrl', database.connectionString);
  return async () => {
    await database.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
