import { createEngine, systemClock } from '@weft/engine';
import { builtinPacks, registryOf } from '@weft/nodes';
import type { FastifyInstance } from 'fastify';
import { createConsoleLogger } from './adapters/console-logger.ts';
import { createFetchHttpPort } from './adapters/fetch-http.ts';
import { buildApp } from './app.ts';
import { createCredentialServices } from './credentials/credential-services.ts';
import { createDatabaseCredentialsPort } from './credentials/database-credentials-port.ts';
import type { WeftConfig } from './config.ts';
import { createDatabase } from './storage/database.ts';
import { ensureApiToken } from './storage/ensure-api-token.ts';
import { startExecutionNotifier } from './storage/execution-notifier.ts';
import { startJobQueue } from './storage/job-queue.ts';
import { migrate } from './storage/migrator.ts';
import { openDatabaseLocation } from './storage/open-database.ts';
import { startExecutionWorker } from './workers/execution-worker.ts';

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
    const http = createFetchHttpPort();
    const credentials = createCredentialServices(config, http);
    const credentialsPort = createDatabaseCredentialsPort({ database, ...credentials });
    const engine = createEngine({ registry: registryOf(builtinPacks), ports: { http, clock: systemClock, logger, credentials: credentialsPort } });
    if (config.role !== 'api') {
      const worker = await startExecutionWorker({
        database,
        queue,
        engine,
        logger,
        concurrency: config.workerConcurrency,
        suspendAfterMs: config.suspendAfterMs,
      });
      closers.unshift(() => worker.stop());
    }
    if (config.role === 'worker') return { url: undefined, generatedToken, app: undefined, close };
    const notifier = await startExecutionNotifier(location.connectionString, onError);
    closers.unshift(() => notifier.stop());
    const app = buildApp({ config, database, engine, queue, notifier, credentials });
    closers.unshift(() => app.close());
    const url = await app.listen({ host: config.host, port: config.port });
    return { url, generatedToken, app, close };
  } catch (error) {
    await close();
    throw error;
  }
}
