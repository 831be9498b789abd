import { z } from 'zod';

/** An event type such as `order.created`. */
export const eventTypeSchema = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,199}$/, 'an event type is letters, digits and . _ : - (up to 200 characters)');

/** A subscription's filter: an event type where `*` matches any run of characters (`order.*`, `*`). */
export const eventPatternSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.:*-]{1,200}$/, 'an event pattern is letters, digits, . _ : - and * (up to 200 characters)');

/**
 * SQL that is true when the event type in `typeParam` matches one of the row's patterns. Patterns
 * hold no `%` or `\` (the schema above refuses them), so escaping `_` and turning `*` into `%`
 * makes a LIKE pattern.
 */
export function patternMatchSql(typeParam: string): string {
  return `EXISTS (SELECT 1 FROM unnest(event_types) AS pattern
                   WHERE ${typeParam} LIKE replace(replace(pattern, '_', '\\_'), '*', '%'))`;
}
