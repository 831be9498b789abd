import { describe, expect, it } from 'vitest';
import type { StepRecord } from './records.ts';
import { REDACTED, redactJson, redactStep, redactText, secretSpellings } from './redact.ts';

describe('redaction', () => {
  it.each([
    { name: 'a plain occurrence', text: 'token=abc123 sent', secrets: ['abc123'], expected: `token=${REDACTED} sent` },
    { name: 'every occurrence', text: 'abc123/abc123', secrets: ['abc123'], expected: `${REDACTED}/${REDACTED}` },
    { name: 'the JSON-escaped spelling', text: '{"k":"q\\"uote"}', secrets: ['q"uote'], expected: `{"k":"${REDACTED}"}` },
    { name: 'the URL-encoded spelling', text: '/cb?key=a%2Fb%20c', secrets: ['a/b c'], expected: `/cb?key=${REDACTED}` },
    { name: 'the longer of two overlapping secrets whole', text: 'abcdef', secrets: ['abc', 'abcdef'], expected: REDACTED },
    { name: 'nothing for an empty secret', text: 'abc', secrets: [''], expected: 'abc' },
  ])('replaces $name', ({ text, secrets, expected }) => {
    expect(redactText(text, secretSpellings(secrets))).toBe(expected);
  });

  it('walks JSON values, keys included, and leaves other values alone', () => {
    const spellings = secretSpellings(['hunter2']);
    expect(redactJson({ a: ['x hunter2', 3, true, null], hunter2: { b: 'hunter2' } }, spellings)).toEqual({
      a: [`x ${REDACTED}`, 3, true, null],
      [REDACTED]: { b: REDACTED },
    });
  });

  it('redacts input, output, logs, error message and details, and the response of a step', () => {
    const record: StepRecord = {
      nodeId: 'n',
      nodeType: 't.n',
      status: 'failed',
      input: { key: 'hunter2' },
      output: 'hunter2',
      ports: [],
      error: { code: 'boom', message: 'refused hunter2', retryable: false, details: { sent: 'Bearer hunter2' } },
      logs: [{ at: '2026-01-01T00:00:00.000Z', level: 'info', message: 'using hunter2' }],
      attempts: 1,
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:00:00.000Z',
      durationMs: 0,
      response: { status: 200, headers: { 'x-echo': 'hunter2' }, body: 'hunter2' },
    };
    const redacted = redactStep(record, ['hunter2']);
    expect(JSON.stringify(redacted)).not.toContain('hunter2');
    expect(redacted).toMatchObject({ input: { key: REDACTED }, error: { message: `refused ${REDACTED}`, details: { sent: `Bearer ${REDACTED}` } } });
  });
});
