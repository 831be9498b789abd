import { describe, expect, it } from 'vitest';
import { parseSample, rawBodyOf, sampleEvent } from './sample-event.ts';

describe('sampleEvent', () => {
  it('parses a JSON request body and sends it compact', () => {
    const request = { method: 'POST', path: 'orders', headers: { 'content-type': 'application/json; charset=utf-8' }, body: { a: [1, 2] } };
    expect(sampleEvent(request)).toEqual({
      method: 'POST',
      path: 'orders',
      headers: request.headers,
      query: {},
      body: { a: [1, 2] },
      rawBody: '{"a":[1,2]}',
    });
  });

  it('turns form fields into an object, repeated names into arrays', () => {
    const request = { method: 'POST', path: '', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1&b=x+y&a=2&c=%26' };
    expect(sampleEvent(request)).toMatchObject({ body: { a: ['1', '2'], b: 'x y', c: '&' }, rawBody: 'a=1&b=x+y&a=2&c=%26' });
  });

  it('keeps any other body as its text', () => {
    const request = { method: 'PUT', path: '', headers: { 'content-type': 'text/plain' }, body: 'hello' };
    expect(sampleEvent(request)).toMatchObject({ body: 'hello', rawBody: 'hello' });
  });

  it('refuses a form sample whose body is not the raw string', () => {
    const request = { method: 'POST', path: '', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: { a: '1' } };
    expect(() => rawBodyOf(request)).toThrow(/must be a string/);
  });
});

describe('parseSample', () => {
  it('lowercases header names and defaults calls to none', () => {
    const sample = parseSample({ request: { method: 'POST', path: '', headers: { 'Content-Type': 'text/plain' }, body: 'x' }, response: { status: 200 } });
    expect(sample).toEqual({
      request: { method: 'POST', path: '', headers: { 'content-type': 'text/plain' }, body: 'x' },
      response: { status: 200 },
      calls: [],
    });
  });

  it.each([
    [{ request: {}, response: { status: 200 } }, /request.headers must be an object/],
    [{ request: { method: 'POST', headers: {} }, response: { status: '200' } }, /response.status must be an integer/],
    [{ request: { method: 'POST', headers: {} }, response: { status: 200 }, calls: {} }, /calls must be an array/],
  ])('says what is wrong with a malformed sample (%#)', (value, message) => {
    expect(() => parseSample(value, 'x.sample.json')).toThrow(message);
  });
});
