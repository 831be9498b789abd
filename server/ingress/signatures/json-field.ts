/** A non-empty string field at the top of a JSON body, or undefined when the body is not such JSON. */
export function stringFieldOf(rawBody: string, field: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(rawBody);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    const value: unknown = Object.entries(parsed).find(([key]) => key === field)?.[1];
    return typeof value === 'string' && value !== '' ? value : undefined;
  } catch {
    return undefined;
  }
}
