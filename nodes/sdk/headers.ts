/** HTTP header names are case-insensitive; Weft stores and compares them lowercased. */
export function lowercaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
