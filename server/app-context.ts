import type { Engine } from '@weft/engine';
import type { WeftConfig } from './config.ts';
import type { PackStatus } from './packs/load-packs.ts';
import type { CredentialServices } from './credentials/credential-services.ts';
import type { Database } from './storage/database.ts';
import type { ExecutionNotifier } from './storage/execution-notifier.ts';
import type { OutcomeReader } from './storage/execution-outcomes.ts';
import type { IngestBatcher } from './storage/ingest-batcher.ts';
import type { JobQueue } from './storage/job-queue.ts';
import type { LiveVersions } from './storage/live-versions.ts';

/**
 * Reads the secret a credential holds (a `core.hmacSecret`'s `secret`), for checks the HTTP layer
 * makes itself, such as webhook signatures; undefined when there is no such credential.
 */
export interface SecretStore {
  secretOf(credentialId: string): Promise<string | undefined>;
}

/** What the HTTP layer works with; built once in server.ts (or by a test). */
export interface AppContext {
  config: WeftConfig;
  database: Database;
  engine: Engine;
  queue: JobQueue;
  /** Accepts webhook events with group commit. */
  ingest: IngestBatcher;
  notifier: ExecutionNotifier;
  /** Outcomes for requests that answer once their flow finished, read together. */
  outcomes: OutcomeReader;
  /** Each flow's published version, kept in memory until it changes. */
  liveVersions: LiveVersions;
  credentials: CredentialServices;
  secrets: SecretStore;
  /** Installed node packs as last loaded (they are reloaded while Weft runs), failed ones with their reasons. */
  packs: { statuses(): readonly PackStatus[] };
}
