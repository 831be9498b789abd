// RFC 8288: `<uri>; rel="next"; title="…", <uri>; rel="last"`. A URI may hold commas, and a
// quoted parameter value may hold commas, semicolons and escaped quotes, so splitting on "," fails.
const LINK = /<([^>]*)>\s*((?:;\s*[!#$%&'*+.^_`|~\w-]+\s*(?:=\s*(?:"(?:[^"\\]|\\.)*"|[^;,\s]*))?\s*)*)/g;
const PARAM = /;\s*([!#$%&'*+.^_`|~\w-]+)\s*(?:=\s*("(?:[^"\\]|\\.)*"|[^;,\s]*))?/g;

/** The target of the first link whose relation types include `next`, as written (maybe relative). */
export function nextLink(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  for (const [, target = '', params = ''] of header.matchAll(LINK)) {
    if (relationsOf(params).includes('next')) return target.trim();
  }
  return undefined;
}

function relationsOf(params: string): string[] {
  for (const [, name = '', value = ''] of params.matchAll(PARAM)) {
    // Only the first rel parameter counts; it may list several types, separated by spaces.
    if (name.toLowerCase() === 'rel') return unquote(value).toLowerCase().split(/\s+/);
  }
  return [];
}

function unquote(value: string): string {
  return value.startsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
}
