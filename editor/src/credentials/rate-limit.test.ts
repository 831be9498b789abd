import { describe, expect, it } from 'vitest';
import { draftOfRateLimit, rateLimitOfDraft, rateLimitText } from './rate-limit.ts';

describe('the rate limit of a credential form', () => {
  it.each([
    { draft: { on: false, requests: '5', perSeconds: 'x' }, result: { limit: null } },
    { draft: { on: true, requests: '100', perSeconds: '60' }, result: { limit: { requests: 100, perSeconds: 60 } } },
    { draft: { on: true, requests: ' 2 ', perSeconds: '1' }, result: { limit: { requests: 2, perSeconds: 1 } } },
  ])('sends $result for $draft', ({ draft, result }) => {
    expect(rateLimitOfDraft(draft)).toEqual(result);
  });

  it.each([
    { requests: '', perSeconds: '60', field: 'Requests' },
    { requests: '0', perSeconds: '60', field: 'Requests' },
    { requests: '1.5', perSeconds: '60', field: 'Requests' },
    { requests: '10001', perSeconds: '60', field: 'Requests' },
    { requests: '10', perSeconds: '', field: 'Seconds' },
    { requests: '10', perSeconds: '86401', field: 'Seconds' },
    { requests: '10', perSeconds: '-1', field: 'Seconds' },
  ])('refuses $requests per $perSeconds, naming $field', ({ requests, perSeconds, field }) => {
    const result = rateLimitOfDraft({ on: true, requests, perSeconds });
    expect('problem' in result && result.problem).toMatch(new RegExp(`^${field} must be a whole number`));
  });

  it('starts a form from a stored limit, or from none', () => {
    expect(draftOfRateLimit({ requests: 3, perSeconds: 10 })).toEqual({ on: true, requests: '3', perSeconds: '10' });
    expect(draftOfRateLimit(null)).toEqual({ on: false, requests: '', perSeconds: '' });
  });

  it.each([
    { limit: { requests: 2, perSeconds: 1 }, text: 'at most 2 requests per second' },
    { limit: { requests: 1, perSeconds: 60 }, text: 'at most 1 request per 60 seconds' },
  ])('reads $limit as "$text"', ({ limit, text }) => {
    expect(rateLimitText(limit)).toBe(text);
  });
});
