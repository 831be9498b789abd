import { performance } from 'node:perf_hooks';
import type { Clock, Logger } from '@weft/engine';
import type { Keyring } from '../credentials/keyring.ts';
import type { Database } from '../storage/database.ts';
import type { JobQueue } from '../storage/job-queue.ts';
import { createAddressPolicy } from '../adapters/address-policy.ts';
import { DEFAULT_RETRY_SCHEDULE, type DeliveryConfig } from './delivery-config.ts';
import { DELIVER_QUEUE, type DeliverJob, deliverJobSchema } from './delivery-queue.ts';
import { type DeliveryTarget, loadDeliveryTarget, passCircuit } from './delivery-target.ts';
import { openDirectSecret } from './direct-delivery-secret.ts';
import { failForDisabledSubscription, postponeDelivery } from './postpone-delivery.ts';
import { recordAttempt } from './record-attempt.ts';
import { judgeAttempt } from './judge-attempt.ts';
import { nextRetryDelay } from './retry-schedule.ts';
import { createWebhookSender, type WebhookSender } from './send-webhook.ts';
import { signatureHeaders } from './signing.ts';
import { openSecrets } from './subscription-secrets.ts';
import { signingSecrets } from './subscriptions-repo.ts';

export interface DeliveryWorkerOptions {
  database: Database;
  /** Its pg-boss takes the delivery jobs; the execution queue wakes the flows waiting for an outcome. */
  queue: JobQueue;
  config: DeliveryConfig;
  logger: Logger;
  clock: Clock;
  /** Randomness for retry jitter, in [0, 1). */
  random: () => number;
  /** Opens the signing secrets of subscriptions and direct deliveries (the credentials keyring). */
  keyring: () => Promise<Keyring>;
}

/** Jobs one pg-boss worker takes at a time and runs side by side. */
const BATCH_SIZE = 4;

interface WorkerContext extends DeliveryWorkerOptions {
  sender: WebhookSender;
}

/** Takes delivery jobs from their own pg-boss queue and makes one attempt per job. */
export async function startDeliveryWorker(options: DeliveryWorkerOptions): Promise<{ stop(): Promise<void> }> {
  const context: WorkerContext = { ...options, sender: createWebhookSender(createAddressPolicy(options.config.allowPrivate)) };
  await options.queue.boss.work(
    DELIVER_QUEUE,
    {
      // A pg-boss worker that takes one job waits a polling interval before the next; batches with
      // burstWhenBatchFull keep fetching while there is a backlog, so throughput is not capped at
      // workers ÷ interval.
      batchSize: BATCH_SIZE,
      burstWhenBatchFull: true,
      localConcurrency: Math.max(1, Math.ceil(options.config.concurrency / BATCH_SIZE)),
      pollingIntervalSeconds: options.config.pollSeconds,
      // Retries come due by time, not by NOTIFY: poll at the configured pace even when NOTIFY is on.
      notifyPollingIntervalSeconds: options.config.pollSeconds,
    },
    async (jobs) => {
      const results = await Promise.allSettled(jobs.map((job) => processJob(context, deliverJobSchema.parse(job.data))));
      const failed = results.find((result) => result.status === 'rejected');
      if (failed === undefined) return;
      // pg-boss then retries the whole batch; the jobs that did finish are no-ops the second time
      // (their job number is spent), so only the failed one runs again.
      const reason: unknown = failed.reason;
      options.logger.log('error', 'delivery job failed', { error: reason instanceof Error ? reason.message : String(reason) });
      throw reason;
    },
  );
  return {
    async stop() {
      await options.queue.boss.offWork(DELIVER_QUEUE, { wait: true });
      context.sender.close();
    },
  };
}

async function processJob(context: WorkerContext, job: DeliverJob): Promise<void> {
  const { database, queue, config } = context;
  const target = await loadDeliveryTarget(database, job);
  if (target === undefined) return;
  if (!target.enabled) return failForDisabledSubscription(database, queue, job, { direct: target.kind === 'direct', reason: target.disabled_reason });
  const gate = await passCircuit(database, {
    subscriptionId: target.subscription_id,
    now: context.clock.now(),
    threshold: config.circuitThreshold,
    cooldownSeconds: config.circuitCooldownSeconds,
  });
  if (gate.kind === 'wait') {
    // Spread the waiting deliveries over a second so the reopened endpoint is not hit all at once.
    return postponeDelivery(database, queue.boss, job, new Date(gate.until.getTime() + context.random() * 1000));
  }
  await attempt(context, job, target);
}

async function attempt(context: WorkerContext, job: DeliverJob, target: DeliveryTarget): Promise<void> {
  const secrets = await signingSecretsOf(context, target);
  const startedAt = context.clock.now();
  // `timestamp` is when the event was published, identical on every attempt; when this attempt
  // was signed is `webhook-timestamp`.
  const body = JSON.stringify({ type: target.event_type, timestamp: target.event_created_at.toISOString(), data: target.event_data });
  const headers = {
    ...target.headers,
    'content-type': 'application/json',
    'user-agent': 'Weft-Webhooks/1',
    'x-webhook-event': target.event_type,
    'x-webhook-delivery': target.id,
    ...signatureHeaders({ messageId: target.message_id, timestamp: startedAt, body, secrets: secrets(startedAt) }),
  };
  const began = performance.now();
  const result = await context.sender.send({ url: target.url, headers, body, timeoutMs: target.timeout_ms ?? context.config.defaultTimeoutMs });
  const latencyMs = performance.now() - began;
  const finishedAt = context.clock.now();
  const outcome = judgeAttempt(result, finishedAt);
  await recordAttempt(
    context.database,
    context.queue,
    {
      job,
      subscriptionId: target.subscription_id,
      attempt: target.attempt_count + 1,
      startedAt,
      finishedAt,
      latencyMs,
      statusCode: result.kind === 'answered' ? result.status : null,
      responseBody: result.kind === 'answered' ? result.body : null,
      error: outcome.error,
      delivered: outcome.delivered,
      disableReason: outcome.disableReason,
      retryAt: (stillEnabled) => {
        if (!stillEnabled) return undefined;
        const delay = nextRetryDelay({
          schedule: target.retry_schedule ?? DEFAULT_RETRY_SCHEDULE,
          attemptsMade: target.run_attempts + 1,
          retryAfterSeconds: outcome.retryAfterSeconds,
          random: context.random,
        });
        return delay === undefined ? undefined : new Date(finishedAt.getTime() + delay * 1000);
      },
    },
    {
      circuitThreshold: context.config.circuitThreshold,
      circuitCooldownSeconds: context.config.circuitCooldownSeconds,
      disableAfterSeconds: context.config.disableAfterSeconds,
    },
  );
  context.logger.log(outcome.delivered ? 'debug' : 'info', outcome.delivered ? 'webhook delivered' : 'webhook attempt failed', {
    deliveryId: target.id,
    url: target.url,
    error: outcome.error,
  });
}

/** The secrets that sign an attempt at a given time: a direct delivery's own, or its subscription's (two during a rotation). */
async function signingSecretsOf(context: WorkerContext, target: DeliveryTarget): Promise<(now: Date) => string[]> {
  const keyring = await context.keyring();
  if (target.kind === 'direct') {
    const secret = openDirectSecret(keyring, target.id, target);
    return () => [secret];
  }
  const secrets = openSecrets(keyring, target.subscription_id, target);
  return (now) => signingSecrets(secrets, target.previous_secret_expires_at, now);
}
