import { describe, expect, it } from 'vitest';
import { judgeAttempt } from './judge-attempt.ts';
import type { WebhookResult } from './send-webhook.ts';

const now = new Date('2026-01-01T00:00:00Z');
const answered = (status: number, headers: Record<string, string> = {}): WebhookResult => ({ kind: 'answered', status, headers, body: '' });

describe('judging an attempt', () => {
  it.each([
    ['200', answered(200), { delivered: true, error: null }],
    ['204', answered(204), { delivered: true }],
    ['302, not followed', answered(302, { location: 'https://elsewhere.test/' }), { delivered: false, error: 'redirect 302 to https://elsewhere.test/ not followed' }],
    ['410, which disables the endpoint', answered(410), { delivered: false, disableReason: 'the endpoint answered 410 Gone' }],
    ['429 with Retry-After seconds', answered(429, { 'retry-after': '7' }), { delivered: false, retryAfterSeconds: 7 }],
    ['503 with a Retry-After date', answered(503, { 'retry-after': 'Thu, 01 Jan 2026 00:02:00 GMT' }), { retryAfterSeconds: 120 }],
    ['500, whose Retry-After is not honoured', answered(500, { 'retry-after': '7' }), { error: 'answered 500', retryAfterSeconds: undefined }],
    ['a network error', { kind: 'error', code: 'econnrefused', message: 'connect ECONNREFUSED' }, { delivered: false, error: 'econnrefused: connect ECONNREFUSED' }],
  ] satisfies [string, WebhookResult, object][])('%s', (_label, result, expected) => {
    expect(judgeAttempt(result, now)).toMatchObject(expected);
  });
});
