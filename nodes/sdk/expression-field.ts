import type { z } from 'zod';

/**
 * Marks a param as one users usually fill with an expression (the editor opens the expression
 * editor for it). Any param may hold an expression; this is a hint, not a permission.
 */
export function expressionField<Schema extends z.ZodType>(schema: Schema, description: string): Schema {
  return schema.meta({ description, 'x-weft-expression': true });
}
