import type { StepError } from '../errors.ts';
import type { Json, JsonObject } from '../json.ts';
import type { StepRecord } from './records.ts';

/** What a secret is replaced with wherever a step record would have kept it. */
export const REDACTED = '[redacted]';

/**
 * The spellings a secret can take once it passes through JSON text or a URL: a service that
 * echoes a query string or a JSON body back would otherwise smuggle it past a plain match.
 * Longest first, so a secret that contains another is replaced whole.
 */
export function secretSpellings(secrets: Iterable<string>): string[] {
  const spellings = new Set<string>();
  for (const secret of secrets) {
    if (secret === '') continue;
    spellings.add(secret);
    spellings.add(JSON.stringify(secret).slice(1, -1));
    spellings.add(encodeURIComponent(secret));
  }
  return [...spellings].sort((a, b) => b.length - a.length);
}

export function redactText(text: string, spellings: readonly string[]): string {
  let result = text;
  for (const spelling of spellings) if (result.includes(spelling)) result = result.split(spelling).join(REDACTED);
  return result;
}

/** A copy of `value` with every spelling replaced, in strings and in object keys alike. */
export function redactJson(value: Json, spellings: readonly string[]): Json {
  if (typeof value === 'string') return redactText(value, spellings);
  if (Array.isArray(value)) return value.map((item) => redactJson(item, spellings));
  if (value === null || typeof value !== 'object') return value;
  const result: JsonObject = {};
  for (const [key, item] of Object.entries(value)) result[redactText(key, spellings)] = redactJson(item, spellings);
  return result;
}

/** The step record with every secret resolved for the step removed from what gets stored and shown. */
export function redactStep(record: StepRecord, secrets: Iterable<string>): StepRecord {
  const spellings = secretSpellings(secrets);
  if (spellings.length === 0) return record;
  const redacted: StepRecord = {
    ...record,
    input: redactJson(record.input, spellings),
    output: redactJson(record.output, spellings),
    logs: record.logs.map((entry) => ({ ...entry, message: redactText(entry.message, spellings) })),
    error: record.error === null ? null : redactError(record.error, spellings),
  };
  if (record.response !== undefined) {
    const headers = Object.fromEntries(Object.entries(record.response.headers).map(([name, value]) => [name, redactText(value, spellings)]));
    redacted.response = { ...record.response, headers, body: redactText(record.response.body, spellings) };
  }
  return redacted;
}

function redactError(error: StepError, spellings: readonly string[]): StepError {
  const message = redactText(error.message, spellings);
  return error.details === undefined ? { ...error, message } : { ...error, message, details: redactJson(error.details, spellings) };
}
