/**
 * A new node's id: a plain identifier (expressions name steps as `$nodes.<id>`), derived from the
 * node type so that ids read well, e.g. `filter`, `filter2`.
 */
export function newNodeId(type: string, taken: ReadonlySet<string>): string {
  const name = type.split('.').at(-1) ?? 'step';
  const cleaned = name.replace(/[^A-Za-z0-9_]/g, '');
  const base = /^[A-Za-z]/.test(cleaned) ? cleaned.slice(0, 56) : `step${cleaned}`.slice(0, 56);
  if (!taken.has(base)) return base;
  for (let suffix = 2; ; suffix += 1) {
    const candidate = `${base}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}
