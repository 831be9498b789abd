import type { Json } from '../api/types.ts';

// One remembered parse: store selectors run on every change, and a fresh object on each read would
// look like a change to React (useSyncExternalStore then re-renders without end).
let lastParsed: { text: string; value: Json | undefined } | null = null;

/** The test run panel's event text as JSON, the same object for the same text; undefined while it is not valid JSON. */
export function parsedTestPayload(text: string): Json | undefined {
  if (lastParsed?.text !== text) {
    let value: Json | undefined;
    try {
      value = JSON.parse(text);
    } catch {
      // Half-typed events are normal while editing.
      value = undefined;
    }
    lastParsed = { text, value };
  }
  return lastParsed.value;
}
