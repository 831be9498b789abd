import { describe, expect, it } from 'vitest';
import type { ExpressionLimits } from './expression.ts';
import { flowOf, nodeOf } from '../testing/flow-builder.ts';
import { runFlow, stepOf, testEngine } from '../testing/test-engine.ts';

// Each runaway must end as a failed step with a code that says why, well within the test's own
// time limit, and leave the process able to run the next flow.
const hangGuardMs = 5_000;

function mapFlow(output: string) {
  return flowOf([nodeOf('start', 'core.manual'), nodeOf('shape', 'core.map', { output }), nodeOf('after', 'core.map', { output: 'unreachable' })], [
    'start.out->shape.in',
    'shape.out->after.in',
  ]);
}

const catastrophicRegex = '$match("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", /(a+)+$/)';

interface RunawayCase {
  why: string;
  expression: string;
  limits: Partial<ExpressionLimits>;
  code: 'expression_timeout' | 'expression_limit';
}

const runaways: RunawayCase[] = [
  { why: 'endless (tail) recursion', expression: '($f := function($n){$f($n+1)}; $f(0))', limits: { timeoutMs: 200 }, code: 'expression_timeout' },
  { why: 'deep recursion', expression: '($f := function($n){1 + $f($n+1)}; $f(0))', limits: { timeoutMs: 2_000 }, code: 'expression_limit' },
  { why: 'a sequence past the length cap', expression: '[1..1000].([1..1000])', limits: { timeoutMs: 2_000, maxSequence: 100_000 }, code: 'expression_limit' },
  { why: 'a quadratic sequence', expression: '[1..10000].([1..10000])', limits: { timeoutMs: 200 }, code: 'expression_timeout' },
  { why: 'a huge range', expression: '$count([1..100000000])', limits: {}, code: 'expression_limit' },
  { why: 'catastrophic regex backtracking', expression: catastrophicRegex, limits: { timeoutMs: 200 }, code: 'expression_timeout' },
  { why: 'a runaway hidden in $eval', expression: `$eval('${catastrophicRegex}')`, limits: { timeoutMs: 200 }, code: 'expression_timeout' },
  { why: 'endless recursion hidden in $eval', expression: "$eval('($f := function($n){$f($n+1)}; $f(0))')", limits: { timeoutMs: 200 }, code: 'expression_timeout' },
  { why: 'a long-running loop', expression: '$reduce([1..999999], function($a, $b){ $a + $b })', limits: { timeoutMs: 200 }, code: 'expression_timeout' },
];

describe('runaway expressions', () => {
  it.each(runaways)(
    'ends $why as a failed step ($code)',
    async ({ expression, limits, code }) => {
      const engine = testEngine({ expressionLimits: limits });

      const result = await runFlow(engine, mapFlow(`=${expression}`), {});

      expect(result.status).toBe('failed');
      expect(result.error).toMatchObject({ nodeId: 'shape', code });
      expect(result.error?.message).toMatch(/^params\.output: ./);
      expect(result.steps.map((step) => step.nodeId)).toEqual(['start', 'shape']);
    },
    hangGuardMs,
  );

  it(
    'leaves the engine able to run the next flow',
    async () => {
      const engine = testEngine({ expressionLimits: { timeoutMs: 200 } });
      await runFlow(engine, mapFlow(`=${catastrophicRegex}`), {});

      const result = await runFlow(engine, mapFlow('=$uppercase($.name)'), { name: 'ada' });

      expect(result.status).toBe('succeeded');
      expect(stepOf(result, 'shape').output).toBe('ADA');
    },
    hangGuardMs,
  );
});

describe('regular expressions under the watchdog', () => {
  const engine = testEngine();

  it.each([
    ['$match("a1b2c3", /[0-9]/).match', ['1', '2', '3']],
    ['$replace("a-b-c", /-/, "+")', 'a+b+c'],
    ['$split("a1b22c", /[0-9]+/)', ['a', 'b', 'c']],
    ['$contains("Order #42", /#[0-9]+/)', true],
    ['$match("Ab", /a/i).match', 'A'],
    ['$count($filter($.items, function($v){ $contains($v, /7$/) }))', 30],
  ])('%s gives the usual answer', async (expression, expected) => {
    const items = Array.from({ length: 300 }, (_, index) => `item-${index}`);

    const result = await runFlow(engine, mapFlow(`=${expression}`), { items });

    expect(stepOf(result, 'shape').output).toEqual(expected);
  });
});
