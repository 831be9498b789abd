import { z } from 'zod';

// The messages between the server and its code sandbox process. Both sides parse what they
// receive: the child trusts nothing from the parent's memory, and the parent trusts nothing a
// compromised child could send.

export const runMessageSchema = z.strictObject({
  type: z.literal('run'),
  id: z.int().nonnegative(),
  source: z.string(),
  // JSON text, handed to the isolate as-is: the only way data enters it is as a copy it parses itself.
  input: z.string(),
  nodes: z.string(),
  trigger: z.string(),
  timeoutMs: z.int().positive(),
  memoryMb: z.int().min(8),
});

export const cancelMessageSchema = z.strictObject({ type: z.literal('cancel'), id: z.int().nonnegative() });

export const parentMessageSchema = z.discriminatedUnion('type', [runMessageSchema, cancelMessageSchema]);

export const codeLogEntrySchema = z.strictObject({ level: z.enum(['info', 'warn', 'error']), message: z.string() });

export const runFailureSchema = z.strictObject({
  code: z.string(),
  message: z.string(),
  line: z.int().positive().optional(),
  column: z.int().positive().optional(),
});

export const runOutcomeSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), json: z.string(), logs: z.array(codeLogEntrySchema) }),
  z.strictObject({ ok: z.literal(false), failure: runFailureSchema, logs: z.array(codeLogEntrySchema) }),
]);

export const childMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.literal('result'), id: z.int().nonnegative(), outcome: runOutcomeSchema }),
  // The child is about to end itself: V8 lost control of the isolate running `id` (null when none was running).
  z.strictObject({ type: z.literal('fatal'), id: z.int().nonnegative().nullable(), message: z.string() }),
]);

export type RunMessage = z.infer<typeof runMessageSchema>;
export type ParentMessage = z.infer<typeof parentMessageSchema>;
export type RunFailure = z.infer<typeof runFailureSchema>;
export type RunOutcome = z.infer<typeof runOutcomeSchema>;
export type ChildMessage = z.infer<typeof childMessageSchema>;
