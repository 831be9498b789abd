import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_SCHEDULE } from './delivery-config.ts';
import { nextRetryDelay, parseRetryAfter } from './retry-schedule.ts';

const middle = () => 0.5;

describe('retry schedule', () => {
  it.each([
    [1, 5],
    [2, 300],
    [3, 1_800],
    [4, 7_200],
    [5, 18_000],
    [6, 36_000],
    [7, 36_000],
  ])('after attempt %i waits %i s (before jitter)', (attemptsMade, seconds) => {
    expect(nextRetryDelay({ schedule: DEFAULT_RETRY_SCHEDULE, attemptsMade, retryAfterSeconds: undefined, random: middle })).toBe(seconds);
  });

  it('gives up after the last entry', () => {
    expect(nextRetryDelay({ schedule: DEFAULT_RETRY_SCHEDULE, attemptsMade: 8, retryAfterSeconds: undefined, random: middle })).toBeUndefined();
  });

  it.each([
    [0, 270],
    [0.999_999, 330],
  ])('jitters by at most 10%% (random %f → %i s)', (random, seconds) => {
    const delay = nextRetryDelay({ schedule: DEFAULT_RETRY_SCHEDULE, attemptsMade: 2, retryAfterSeconds: undefined, random: () => random });
    expect(delay).toBeCloseTo(seconds, 2);
  });

  it.each([
    [120, 120],
    [1, 5],
    [10 * 24 * 3600, 24 * 3600],
  ])('honours Retry-After %i s as a lower bound → %i s', (retryAfterSeconds, seconds) => {
    expect(nextRetryDelay({ schedule: DEFAULT_RETRY_SCHEDULE, attemptsMade: 1, retryAfterSeconds, random: middle })).toBe(seconds);
  });

  const now = new Date('2026-01-01T00:00:00Z');
  it.each([
    ['30', 30],
    [' 7 ', 7],
    ['Thu, 01 Jan 2026 00:01:00 GMT', 60],
    ['Wed, 31 Dec 2025 00:00:00 GMT', 0],
    ['soon', undefined],
    [undefined, undefined],
  ])('parses Retry-After %s → %s', (value, seconds) => {
    expect(parseRetryAfter(value, now)).toBe(seconds);
  });
});
