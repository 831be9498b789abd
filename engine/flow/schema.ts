import { z } from 'zod';
import { jsonSchema } from '../json.ts';

/** The version of the flow document format this engine reads and writes. */
export const FLOW_FORMAT_VERSION = 1;

// Ids are plain identifiers so that expressions can name upstream steps as `$nodes.<id>` without quoting.
export const nodeIdSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'must start with a letter and hold only letters, digits and _ (at most 64)');

// Flow ids appear in webhook URLs, so they stay URL-safe.
export const flowIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'must start with a letter or digit and hold only letters, digits, _ and - (at most 64)');

const portNameSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/, 'must be a port name such as out, true or false');

const HOUR_MS = 60 * 60 * 1000;

/** How a node is tried again after it fails. Back-offs longer than a few seconds suspend the execution. */
export const retryPolicySchema = z.strictObject({
  /** Attempts in all, the first included. */
  maxAttempts: z.int().min(1).max(25).default(3),
  backoff: z.enum(['fixed', 'exponential']).default('exponential'),
  /** Wait before the second attempt; exponential back-off doubles it for each later one. */
  delayMs: z.int().min(0).max(24 * HOUR_MS).default(1_000),
  maxDelayMs: z.int().min(0).max(7 * 24 * HOUR_MS).default(HOUR_MS),
  /** Spread each wait randomly between half and all of it, so retries from many executions do not stampede. */
  jitter: z.boolean().default(true),
  /** retryable: only errors a node marks as worth retrying (timeouts, 5xx, 429); any: every failure. */
  retryOn: z.enum(['retryable', 'any']).default('retryable'),
});

export const flowNodeSchema = z.strictObject({
  id: nodeIdSchema,
  type: z.string().regex(/^[a-z][a-z0-9-]*\.[A-Za-z][A-Za-z0-9]*$/, 'must look like <pack>.<name>, e.g. core.map'),
  typeVersion: z.int().min(1),
  name: z.string().max(200).optional(),
  params: z.record(z.string(), jsonSchema).default({}),
  credentials: z.record(z.string(), z.string().min(1)).optional(),
  retry: retryPolicySchema.optional(),
  position: z.strictObject({ x: z.number(), y: z.number() }).optional(),
  notes: z.string().max(10_000).optional(),
});

export const flowEdgeSchema = z.strictObject({
  from: z.strictObject({ node: nodeIdSchema, port: portNameSchema }),
  to: z.strictObject({ node: nodeIdSchema, port: portNameSchema }),
});

export const flowSettingsSchema = z.strictObject({
  /** Longest an execution may run before it is failed, in milliseconds. */
  timeoutMs: z.int().min(1_000).max(24 * 60 * 60 * 1000).default(5 * 60 * 1000),
  /** Executions of this flow that may run at once; 0 means no limit. */
  concurrency: z.int().min(0).default(0),
  /** A flow run with the failure details when an execution of this one fails. */
  errorFlowId: flowIdSchema.optional(),
});

export const flowDocumentSchema = z.strictObject({
  formatVersion: z.literal(FLOW_FORMAT_VERSION),
  id: flowIdSchema,
  name: z.string().min(1).max(200),
  description: z.string().max(10_000).default(''),
  nodes: z.array(flowNodeSchema).max(2_000),
  edges: z.array(flowEdgeSchema).max(10_000),
  settings: flowSettingsSchema.default({ timeoutMs: 5 * 60 * 1000, concurrency: 0 }),
});

export type RetryPolicy = z.infer<typeof retryPolicySchema>;
export type FlowNode = z.infer<typeof flowNodeSchema>;
export type FlowEdge = z.infer<typeof flowEdgeSchema>;
export type FlowSettings = z.infer<typeof flowSettingsSchema>;
export type FlowDocument = z.infer<typeof flowDocumentSchema>;
/** A document as written by hand or by an older exporter: defaults not yet filled in. */
export type FlowDocumentInput = z.input<typeof flowDocumentSchema>;

/** The flow document format as JSON Schema, for editors and other tools. */
export function flowDocumentJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(flowDocumentSchema, { io: 'input', target: 'draft-2020-12' });
}
