/** A column a many-row INSERT writes, with its SQL type (its parameters are cast to it). */
export type InsertColumn = readonly [name: string, type: string];

/** A table's many-row INSERT. Its first column must be NOT NULL: rows of NULLs are padding. */
export interface RowInsert<Row> {
  /** Names its prepared statements, one per shape. */
  name: string;
  table: string;
  columns: readonly InsertColumn[];
  valuesOf(row: Row): unknown[];
  /**
   * Which of the rows (named `row`) to insert, when not all: a condition that also leaves out
   * the padding. By default, every row but the padding.
   */
  where?: string;
  /** An ON CONFLICT clause, if any. */
  onConflict?: string;
}

// The numbers of rows a statement is written for. A shape that is prepared is planned once per
// connection; a batch is padded up to the next one with rows of NULLs, which the statement skips.
// Before, each batch size was a statement of its own, planned on every run: for a group commit of
// 25 executions planning cost as much as a fifth of the INSERT. Padding costs next to nothing
// (a NULL parameter is four bytes). The largest shape bounds the plans a connection keeps.
const SHAPES = [1, 4, 16, 64, 256] as const;
export const MAX_ROWS_PER_INSERT = 256;

export interface PreparedInsert {
  name: string;
  text: string;
  values: unknown[];
}

/**
 * The INSERT of `rows` (at most MAX_ROWS_PER_INSERT) as a prepared statement, its parameters
 * from `$<firstParam>` on: alone, or as a CTE of a larger statement, which then prepares it under
 * a name of its own (built from `name`) or not at all. Prepare only statements whose plan cannot
 * go stale as tables grow: a generic plan made on a small table keeps scanning all of it later.
 */
export function insertRows<Row>(insert: RowInsert<Row>, rows: readonly Row[], firstParam = 1): PreparedInsert {
  const shape = shapeFor(rows.length);
  const width = insert.columns.length;
  const values = rows.flatMap(insert.valuesOf);
  values.length = shape * width;
  values.fill(null, rows.length * width);
  return { name: `${insert.name}-${shape}`, text: insertText(insert, shape, firstParam), values };
}

function shapeFor(rowCount: number): number {
  const shape = SHAPES.find((size) => size >= rowCount);
  if (shape === undefined) throw new RangeError(`an INSERT takes at most ${MAX_ROWS_PER_INSERT} rows, not ${rowCount}`);
  return shape;
}

const texts = new Map<string, string>();

function insertText(insert: Omit<RowInsert<never>, 'valuesOf'>, shape: number, firstParam: number): string {
  const key = `${insert.name}:${shape}:${firstParam}`;
  const known = texts.get(key);
  if (known !== undefined) return known;
  const names = insert.columns.map(([name]) => name);
  const rows = Array.from({ length: shape }, (_, row) => {
    const cells = insert.columns.map(([, type], column) => `$${firstParam + row * insert.columns.length + column}::${type}`);
    return `(${cells.join(', ')})`;
  });
  const text = `INSERT INTO ${insert.table} (${names.join(', ')})
    SELECT * FROM (VALUES ${rows.join(', ')}) AS row(${names.join(', ')}) WHERE ${insert.where ?? `row.${names[0]} IS NOT NULL`}
    ${insert.onConflict ?? ''}`;
  texts.set(key, text);
  return text;
}
