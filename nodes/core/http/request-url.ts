import type { QueryEntry } from './http-params.ts';

/**
 * The URL with `query` appended after whatever query it already has (left as written); entries
 * whose value is null or missing are left out, repeated names are all sent. Names and values are
 * percent-encoded (a space as %20, which every server reads as a space, unlike +).
 */
export function withQuery(url: string, query: readonly QueryEntry[]): string {
  const pairs = query.flatMap(({ name, value }) =>
    value === null || value === undefined ? [] : [`${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`],
  );
  if (pairs.length === 0) return url;
  const target = new URL(url);
  const given = target.search.replace(/^\?/, '');
  target.search = given === '' ? pairs.join('&') : `${given}&${pairs.join('&')}`;
  return target.href;
}

/** `query` with every entry named `name` replaced by one carrying `value` (a page's cursor or offset). */
export function settingQuery(query: readonly QueryEntry[], name: string, value: string | number): QueryEntry[] {
  return [...query.filter((entry) => entry.name !== name), { name, value }];
}
