import { createEngine, systemClock } from '@weft/engine';
import { builtinPacks } from '@weft/nodes';
import { createFlowStarter } from './adapters/flow-starter.ts';
import type { FastifyInstance } from 'fastify';
import { createConsoleLogger } from './adapters/console-logger.ts';
import { createCredentialSecrets } from './adapters/credential-secrets.ts';
import { createDatabaseRateLimits } from './adapters/database-rate-limits.ts';
import { createFetchHttpPort } from './adapters/fetch-http.ts';
import { buildApp } from './app.ts';
import { createCredentialServices } from './credentials/credential-services.ts';
import { createDatabaseCredentialsPort } from './credentials/database-credentials-port.ts';
import type { WeftConfig } from './config.ts';
import { createDeliveryQueue } from './delivery/delivery-queue.ts';
import { startDeliveryWorker } from './delivery/delivery-worker.ts';
import { createDeliveryPort } from './delivery/direct-delivery-port.ts';
import { createEventPublisher } from './delivery/event-publisher.ts';
import { encryptPlainSubscriptionSecrets } from './delivery/subscription-secrets-repo.ts';
import { createDatabase } from './storage/database.ts';
import { ensureApiToken } from './storage/ensure-api-token.ts';
import { createIngestBatcher, type LocalRunner } from './storage/ingest-batcher.ts';
import { startLiveVersions } from './storage/live-versions.ts';
import { startExecutionNotifier } from './storage/execution-notifier.ts';
import { createOutcomeReader } from './storage/execution-outcomes.ts';
import { startJobQueue } from './storage/job-queue.ts';
import { migrate } from './storage/migrator.ts';
import { openDatabaseLocation } from './storage/open-database.ts';
import { loadLivePacks } from './packs/live-packs.ts';
import { watchPacksDir } from './packs/watch-packs-dir.ts';
import { createCodeSandbox } from './sandbox/code-sandbox.ts';
import { startExecutionWorker } from './workers/execution-worker.ts';
import { startReaper } from './workers/reaper.ts';
import { startScheduleWorker } from './workers/schedules.ts';

export interface RunningWeft {
  /** Where the HTTP server listens; undefined for a worker-only process. */
  url: string | undefined;
  /** A token generated on this, the first, start; shown once and never again. */
  generatedToken: string | undefined;
  app: FastifyInstance | undefined;
  /** Stops taking work, lets running work finish, and releases everything, in that order. */
  close(): Promise<void>;
}

/** Starts one Weft process: database, migrations, queue, then the API, webhooks and workers its role asks for. */
export async function startWeft(config: WeftConfig): Promise<RunningWeft> {
  const logger = createConsoleLogger(config.logLevel);
  const onError = (error: Error) => logger.log('error', error.message, { stack: error.stack });
  const location = await openDatabaseLocation(config, (message) => logger.log('info', message));
  const database = createDatabase(location.connectionString);
  const closers: (() => Promise<void>)[] = [async () => database.end(), async () => location.embedded?.stop()];
  const close = async () => {
    for (const closer of closers.splice(0)) await closer().catch(onError);
  };
  try {
    const applied = await migrate(database);
    if (applied.length > 0) logger.log('info', 'applied migrations', { applied });
    const generatedToken = await ensureApiToken(database, config.apiToken);
    const queue = await startJobQueue(location.connectionString, { onError, heartbeatSeconds: config.jobHeartbeatSeconds });
    closers.unshift(() => queue.stop());
    await createDeliveryQueue(queue.boss);
    const http = createFetchHttpPort({ allowPrivate: config.allowPrivateNetworks });
    // A pack that fails to load is logged and listed by GET /api/packs; Weft runs on without it.
    // Packs installed or removed while Weft runs are loaded or dropped as the directory changes.
    const packs = await loadLivePacks({ packsDir: config.packsDir, builtins: builtinPacks, logger });
    const packsWatcher = watchPacksDir({ packsDir: config.packsDir, onChange: () => void packs.reload(), logger });
    closers.unshift(async () => packsWatcher.stop());
    const credentials = { ...createCredentialServices(config, http), types: packs.credentialTypes };
    // Subscription secrets stored before they were encrypted at rest (migration 0005) are sealed now.
    const sealed = await encryptPlainSubscriptionSecrets(database, credentials.keyring);
    if (sealed > 0) logger.log('info', 'encrypted subscription signing secrets', { subscriptions: sealed });
    const credentialsPort = createDatabaseCredentialsPort({ database, ...credentials });
    // Started on the first code step; closed after the workers that use it have stopped.
    const code = createCodeSandbox({ logger });
    closers.unshift(() => code.close());
    const rateLimits = createDatabaseRateLimits({ database, clock: systemClock });
    const registry = packs.nodes;
    const flows = createFlowStarter({ database, queue, registry });
    const engine = createEngine({
      registry,
      ports: {
        http,
        clock: systemClock,
        logger,
        code,
        credentials: credentialsPort,
        events: createEventPublisher(database, queue.boss),
        deliveries: createDeliveryPort({ database, boss: queue.boss, config: config.delivery, keyring: credentials.keyring }),
        rateLimits,
        flows,
      },
    });
    // Started before the worker, which hands it the outcomes it commits.
    const notifier = config.role === 'worker' ? undefined : await startExecutionNotifier(location.connectionString, onError);
    if (notifier !== undefined) closers.unshift(() => notifier.stop());
    let localRunner: LocalRunner | undefined;
    if (config.role !== 'api') {
      // Step checkpoints commit without waiting for the WAL flush: they are visible at once (a worker
      // that dies resumes from them), and only a PostgreSQL crash within the flush delay (~200 ms)
      // could lose the last ones, whose steps would then run again with the same idempotency keys.
      // Accepting events keeps full synchronous commits: a 2xx always means the event is on disk.
      const workerDatabase = createDatabase(location.connectionString, config.workerConcurrency + 5, {
        synchronousCommit: false,
        applicationName: 'weft-worker',
      });
      closers.splice(closers.length - 2, 0, async () => workerDatabase.end());
      const worker = await startExecutionWorker({
        database: workerDatabase,
        queue,
        engine,
        logger,
        concurrency: config.workerConcurrency,
        suspendAfterMs: config.suspendAfterMs,
        connectionString: location.connectionString,
        heartbeatSeconds: config.jobHeartbeatSeconds,
        ingressFirstMs: config.ingressFirstMs,
        ...(notifier === undefined ? {} : { onFinished: notifier.finished }),
      });
      localRunner = worker.local;
      closers.unshift(() => worker.stop());
      const scheduler = await startScheduleWorker({ database, queue, logger });
      closers.unshift(() => scheduler.stop());
      const reaper = startReaper({ database, queue, logger, retentionDays: config.retentionDays, graceSeconds: 4 * config.jobHeartbeatSeconds, aliveWithinSeconds: config.jobHeartbeatSeconds });
      closers.unshift(() => reaper.stop());
      const deliveries = await startDeliveryWorker({ database, queue, config: config.delivery, logger, clock: systemClock, random: Math.random, keyring: credentials.keyring });
      closers.unshift(() => deliveries.stop());
    }
    if (notifier === undefined) return { url: undefined, generatedToken, app: undefined, close };
    const secrets = createCredentialSecrets({ database, keyring: credentials.keyring });
    // Events this process accepts run in its own worker, when it has one with a slot free or room to wait.
    const ingest = createIngestBatcher(database, queue, localRunner);
    const liveVersions = await startLiveVersions(database, location.connectionString, onError);
    closers.unshift(() => liveVersions.stop());
    const app = buildApp({ config, database, engine, queue, ingest, notifier, outcomes: createOutcomeReader(database), liveVersions, credentials, secrets, packs });
    closers.unshift(() => app.close());
    const url = await app.listen({ host: config.host, port: config.port });
    return { url, generatedToken, app, close };
  } catch (error) {
    await close();
    throw error;
  }
}
