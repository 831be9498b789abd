import { resolve } from 'node:path';
import { z } from 'zod';
import { type AllowedPrivateAddresses, allowedPrivateAddressesSchema } from './adapters/address-policy.ts';
import { type DeliveryConfig, deliveryConfigOf, deliveryEnvironmentShape } from './delivery/delivery-config.ts';
import { encryptionKeyListSchema, encryptionKeySchema, splitKeys } from './credentials/encryption-key.ts';

const roles = ['all', 'api', 'worker'] as const;

const environmentSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(4800),
  DATABASE_URL: z.string().min(1).optional(),
  WEFT_DATA_DIR: z.string().min(1).default('.weft'),
  WEFT_PACKS_DIR: z.string().min(1).optional(),
  WEFT_API_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  WEFT_BODY_LIMIT: z.coerce.number().int().min(1_024).default(1024 * 1024),
  WEFT_ROLE: z.enum(roles).default('all'),
  WEFT_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(1_000).default(20),
  WEFT_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  WEFT_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  WEFT_ENCRYPTION_KEY: encryptionKeySchema.optional(),
  WEFT_ENCRYPTION_KEY_PREVIOUS: encryptionKeyListSchema.optional(),
  WEFT_SUSPEND_AFTER_MS: z.coerce.number().int().min(0).default(5_000),
  WEFT_INGRESS_FIRST_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  WEFT_JOB_HEARTBEAT_SECONDS: z.coerce.number().int().min(10).default(30),
  WEFT_RETENTION_DAYS: z.coerce.number().int().min(0).default(30),
  WEFT_ALLOW_PRIVATE_NETWORKS: allowedPrivateAddressesSchema.default('none'),
  ...deliveryEnvironmentShape,
});

export interface WeftConfig {
  host: string;
  port: number;
  /** An external PostgreSQL; when absent Weft runs its own under `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** The npm prefix node packs are installed into (`weft pack install`) and loaded from at start. */
  packsDir: string;
  /** A token that must be accepted; when absent one is generated on first start. */
  apiToken: string | undefined;
  bodyLimitBytes: number;
  /** all: API, webhooks and workers; api: no workers; worker: workers only. */
  role: (typeof roles)[number];
  workerConcurrency: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Where callers reach Weft (behind a proxy, its public origin); Twilio and Square sign that URL. */
  publicUrl: string | undefined;
  /** Base64 of the 32-byte key credentials are encrypted with; generated into the data directory when absent. */
  encryptionKey: string | undefined;
  /** Older keys (base64, comma-separated) that still decrypt rows not yet re-encrypted. */
  previousEncryptionKeys: string[];
  /** Retry back-offs longer than this park the execution in the database instead of holding a worker. */
  suspendAfterMs: number;
  /** How long at a stretch a burst of incoming events goes before runs nobody waits on (see IngressFirst); 0 = never. */
  ingressFirstMs: number;
  /** A worker silent this long is presumed dead; its execution resumes on another worker. */
  jobHeartbeatSeconds: number;
  /** Finished executions older than this many days are pruned; 0 keeps them forever. */
  retentionDays: number;
  /** Private, loopback, link-local and metadata addresses nodes may still reach over HTTP (none by default). */
  allowPrivateNetworks: AllowedPrivateAddresses;
  /** Outbound webhooks: address policy, timeouts, circuit breaker, auto-disable (WEFT_DELIVERY_*). */
  delivery: DeliveryConfig;
}

export class ConfigError extends Error {}

export function loadConfig(environment: Record<string, string | undefined>): WeftConfig {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const env = parsed.data;
  return {
    host: env.HOST,
    port: env.PORT,
    databaseUrl: env.DATABASE_URL,
    dataDir: resolve(env.WEFT_DATA_DIR),
    packsDir: resolve(env.WEFT_PACKS_DIR ?? resolve(env.WEFT_DATA_DIR, 'packs')),
    apiToken: env.WEFT_API_TOKEN,
    bodyLimitBytes: env.WEFT_BODY_LIMIT,
    role: env.WEFT_ROLE,
    workerConcurrency: env.WEFT_WORKER_CONCURRENCY,
    logLevel: env.WEFT_LOG_LEVEL,
    publicUrl: env.WEFT_PUBLIC_URL?.replace(/\/+$/, ''),
    encryptionKey: env.WEFT_ENCRYPTION_KEY,
    previousEncryptionKeys: splitKeys(env.WEFT_ENCRYPTION_KEY_PREVIOUS ?? ''),
    suspendAfterMs: env.WEFT_SUSPEND_AFTER_MS,
    ingressFirstMs: env.WEFT_INGRESS_FIRST_MS,
    jobHeartbeatSeconds: env.WEFT_JOB_HEARTBEAT_SECONDS,
    retentionDays: env.WEFT_RETENTION_DAYS,
    allowPrivateNetworks: env.WEFT_ALLOW_PRIVATE_NETWORKS,
    delivery: deliveryConfigOf(env),
  };
}
