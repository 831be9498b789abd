import type { Json, JsonObject, JsonSchema } from '../api/types.ts';

/** One kind of row a list of objects holds: its fields' schema, and the tag that marks it when there are several kinds. */
export interface RowVariant {
  tag: Json | null;
  title: string;
  schema: JsonSchema;
}

/**
 * What the rows of a list param look like: one object shape (switch cases), or several told apart by
 * a tag property (`op` of core.set operations: a zod discriminated union exports as `oneOf`).
 */
export interface RowShape {
  discriminator: string | null;
  variants: RowVariant[];
}

function isObjectSchema(schema: JsonSchema | undefined): schema is JsonSchema & { properties: Record<string, JsonSchema> } {
  return schema !== undefined && schema.type === 'object' && schema.properties !== undefined;
}

/** The shape of a list's items, or null when they are not objects the form can lay out as rows. */
export function rowShapeOf(items: JsonSchema | undefined): RowShape | null {
  if (isObjectSchema(items)) return { discriminator: null, variants: [{ tag: null, title: '', schema: items }] };
  const choices = items?.oneOf ?? items?.anyOf;
  if (choices === undefined || choices.length === 0 || !choices.every(isObjectSchema)) return null;
  const first = choices[0];
  const discriminator = Object.keys(first?.properties ?? {}).find((key) => choices.every((choice) => choice.properties?.[key]?.const !== undefined)) ?? null;
  if (discriminator === null) return null;
  return {
    discriminator,
    variants: choices.map((choice) => {
      const tagSchema = choice.properties?.[discriminator];
      return { tag: tagSchema?.const ?? null, title: tagSchema?.title ?? String(tagSchema?.const), schema: choice };
    }),
  };
}

/** The variant a row is, or undefined for a value that fits none (edited as JSON instead). */
export function variantOfRow(shape: RowShape, row: Json): RowVariant | undefined {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) return undefined;
  if (shape.discriminator === null) return shape.variants[0];
  const tag = row[shape.discriminator];
  return shape.variants.find((variant) => variant.tag === tag);
}

/** Whether every row of a value can be shown as a form; anything else is edited as JSON text. */
export function fitsRows(shape: RowShape, value: Json | undefined): boolean {
  if (value === undefined || value === null) return true;
  return Array.isArray(value) && value.every((row) => variantOfRow(shape, row) !== undefined);
}

/** The fields a row's form shows: all but the tag, which the row's kind picker sets. */
export function rowFields(shape: RowShape, variant: RowVariant): [string, JsonSchema][] {
  return Object.entries(variant.schema.properties ?? {}).filter(([name]) => name !== shape.discriminator);
}

/**
 * A new row of a variant: its tag, and each required choice without a default set to the first
 * option no other row uses yet (so a new switch case gets the next free output, case2 after case1).
 */
export function newRow(shape: RowShape, variant: RowVariant, rows: readonly Json[]): JsonObject {
  const row: JsonObject = shape.discriminator === null || variant.tag === null ? {} : { [shape.discriminator]: variant.tag };
  const required = new Set(variant.schema.required ?? []);
  for (const [name, field] of rowFields(shape, variant)) {
    if (!required.has(name) || field.default !== undefined || field.enum === undefined) continue;
    const taken = new Set(rows.map((other) => (typeof other === 'object' && other !== null && !Array.isArray(other) ? other[name] : undefined)));
    const option = field.enum.find((candidate) => !taken.has(candidate)) ?? field.enum[0];
    if (option !== undefined) row[name] = option;
  }
  return row;
}

/** "Cases" → "Case", for naming one row; a title that is not a plural stays as it is. */
export function singular(title: string): string {
  return title.length > 3 && title.endsWith('s') && !title.endsWith('ss') ? title.slice(0, -1) : title;
}
