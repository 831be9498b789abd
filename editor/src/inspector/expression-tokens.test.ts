import { describe, expect, it } from 'vitest';
import { tokenize } from './expression-tokens.ts';

const meaningful = (source: string) => tokenize(source).filter((token) => token.kind !== 'space').map((token) => [token.kind, token.text]);

describe('tokenize', () => {
  it.each([
    ['$.body.email', [['variable', '$'], ['operator', '.'], ['name', 'body'], ['operator', '.'], ['name', 'email']]],
    ['$trigger.body.`order id`', [['variable', '$trigger'], ['operator', '.'], ['name', 'body'], ['operator', '.'], ['name', '`order id`']]],
    ['$sum($.items.price) > 10.5', [['function', '$sum'], ['operator', '('], ['variable', '$'], ['operator', '.'], ['name', 'items'], ['operator', '.'], ['name', 'price'], ['operator', ')'], ['operator', '>'], ['number', '10.5']]],
    ['status = "paid" and true', [['name', 'status'], ['operator', '='], ['string', '"paid"'], ['keyword', 'and'], ['literal', 'true']]],
    ["'it\\'s' & $$", [['string', "'it\\'s'"], ['operator', '&'], ['variable', '$$']]],
    ['[1..3] ~> $count', [['operator', '['], ['number', '1'], ['operator', '..'], ['number', '3'], ['operator', ']'], ['operator', '~>'], ['variable', '$count']]],
    ['$x := a != b', [['variable', '$x'], ['operator', ':='], ['name', 'a'], ['operator', '!='], ['name', 'b']]],
    ['$match(s, /ab+c/i)', [['function', '$match'], ['operator', '('], ['name', 's'], ['operator', ','], ['regex', '/ab+c/i'], ['operator', ')']]],
    ['total / 2', [['name', 'total'], ['operator', '/'], ['number', '2']]],
    ['(a) / 2', [['operator', '('], ['name', 'a'], ['operator', ')'], ['operator', '/'], ['number', '2']]],
    ['a /* note */', [['name', 'a'], ['comment', '/* note */']]],
  ])('%s', (source, expected) => {
    expect(meaningful(source)).toEqual(expected);
  });

  it.each(['$.body.name = "unfinished', '`open name', '/* open comment', '$match(x, /open', 'a ¤ b', '$.a\n  .b\t+ 1'])(
    'covers every character of %j, half-typed or not, so the highlight lines up',
    (source) => {
      const tokens = tokenize(source);
      expect(tokens.map((token) => token.text).join('')).toBe(source);
      tokens.forEach((token, index) => expect(token.start).toBe(index === 0 ? 0 : tokens[index - 1]?.end));
    },
  );

  it('reads an unterminated string to the end', () => {
    expect(meaningful('$.a = "pa')).toEqual([['variable', '$'], ['operator', '.'], ['name', 'a'], ['operator', '='], ['string', '"pa']]);
  });
});
