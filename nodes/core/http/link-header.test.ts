import { describe, expect, it } from 'vitest';
import { nextLink } from './link-header.ts';

describe('nextLink', () => {
  it.each<{ why: string; header: string | undefined; expected: string | undefined }>([
    { why: 'no header', header: undefined, expected: undefined },
    { why: 'a lone next link', header: '<https://api.test/items?page=2>; rel="next"', expected: 'https://api.test/items?page=2' },
    {
      why: 'next among others (GitHub style)',
      header: '<https://api.test/items?page=1>; rel="prev", <https://api.test/items?page=3>; rel="next", <https://api.test/items?page=9>; rel="last"',
      expected: 'https://api.test/items?page=3',
    },
    { why: 'an unquoted rel in another case', header: '</items?page=2>; REL=Next', expected: '/items?page=2' },
    { why: 'several relation types in one rel', header: '<https://api.test/b>; rel="next last"', expected: 'https://api.test/b' },
    { why: 'a comma inside the URI', header: '<https://api.test/items?ids=1,2&page=2>; rel="next"', expected: 'https://api.test/items?ids=1,2&page=2' },
    {
      why: 'a quoted title holding a comma, a semicolon and <',
      header: '<https://api.test/a>; title="a, b; <c>"; rel="prev", <https://api.test/b>; rel="next"',
      expected: 'https://api.test/b',
    },
    { why: 'only the first rel parameter counting', header: '<https://api.test/a>; rel="prev"; rel="next"', expected: undefined },
    { why: 'no next link', header: '<https://api.test/a>; rel="prev", <https://api.test/z>; rel="last"', expected: undefined },
    { why: 'a relation merely containing next', header: '<https://api.test/a>; rel="nextpage"', expected: undefined },
  ])('finds $expected in $why', ({ header, expected }) => {
    expect(nextLink(header)).toBe(expected);
  });
});
