import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { uuidV7 } from './uuid-v7.ts';

describe('uuidV7', () => {
  it('is a valid version 7 UUID that starts with the time in milliseconds', () => {
    const at = Date.UTC(2026, 10, 24, 12, 0, 0, 123);
    const id = uuidV7(at);
    expect(z.uuid().safeParse(id).success).toBe(true);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16)).toBe(at);
  });

  it('sorts ids made later after those made earlier, and never repeats', () => {
    const earlier = Array.from({ length: 1000 }, () => uuidV7(1_000));
    const later = uuidV7(1_001);
    expect(earlier.every((id) => id < later)).toBe(true);
    expect(new Set(earlier).size).toBe(1000);
  });
});
