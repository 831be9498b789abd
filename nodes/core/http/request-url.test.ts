import { describe, expect, it } from 'vitest';
import type { QueryEntry } from './http-params.ts';
import { settingQuery, withQuery } from './request-url.ts';

describe('withQuery', () => {
  it.each<{ why: string; url: string; query: QueryEntry[]; expected: string }>([
    { why: 'nothing to add', url: 'https://api.test/items?b=%20x', query: [], expected: 'https://api.test/items?b=%20x' },
    { why: 'a first query', url: 'https://api.test/items', query: [{ name: 'page', value: 2 }], expected: 'https://api.test/items?page=2' },
    { why: 'after the URL’s own query, left as written', url: 'https://api.test/items?b=%20x', query: [{ name: 'a', value: true }], expected: 'https://api.test/items?b=%20x&a=true' },
    {
      why: 'a repeated name',
      url: 'https://api.test/items',
      query: [
        { name: 'tag', value: 'red' },
        { name: 'tag', value: 'blue' },
      ],
      expected: 'https://api.test/items?tag=red&tag=blue',
    },
    {
      why: 'reserved characters, encoded',
      url: 'https://api.test/search',
      query: [{ name: 'q & a', value: 'a+b=c/d?é #1' }],
      expected: 'https://api.test/search?q%20%26%20a=a%2Bb%3Dc%2Fd%3F%C3%A9%20%231',
    },
    { why: 'before the fragment', url: 'https://api.test/items#top', query: [{ name: 'a', value: 1 }], expected: 'https://api.test/items?a=1#top' },
    {
      why: 'values that are nothing left out',
      url: 'https://api.test/items',
      query: [{ name: 'a', value: null }, { name: 'b' }, { name: 'c', value: '' }],
      expected: 'https://api.test/items?c=',
    },
  ])('adds $why', ({ url, query, expected }) => {
    expect(withQuery(url, query)).toBe(expected);
  });
});

describe('settingQuery', () => {
  it('replaces every entry of the name with one at the end', () => {
    const query = [
      { name: 'cursor', value: 'a' },
      { name: 'limit', value: 10 },
      { name: 'cursor', value: 'b' },
    ];

    expect(settingQuery(query, 'cursor', 'next')).toEqual([
      { name: 'limit', value: 10 },
      { name: 'cursor', value: 'next' },
    ]);
  });
});
