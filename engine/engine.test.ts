import { describe, expect, it } from 'vitest';
import { flowOf, nodeOf } from './testing/flow-builder.ts';
import { testEngine } from './testing/test-engine.ts';

const flow = flowOf([nodeOf('start', 'core.manual'), nodeOf('shape', 'core.map', { output: '=$.a' })], ['start.out->shape.in']);
const broken = flowOf([nodeOf('start', 'core.manual'), nodeOf('shape', 'core.map', { output: '=$.a +' })], ['start.out->shape.in']);

describe('plan cache', () => {
  it('returns the same plan for the same cache key', () => {
    const engine = testEngine();

    expect(engine.plan(flow, 'flow@1')).toBe(engine.plan(flow, 'flow@1'));
  });

  it('plans afresh for another key, or without a key', () => {
    const engine = testEngine();
    const cached = engine.plan(flow, 'flow@1');

    expect(engine.plan(flow, 'flow@2')).not.toBe(cached);
    expect(engine.plan(flow)).not.toBe(engine.plan(flow));
  });

  it('does not cache a flow that failed to plan', () => {
    const engine = testEngine();

    expect(() => engine.plan(broken, 'flow@1')).toThrow(expect.objectContaining({ code: 'invalid_flow' }));
    expect(engine.plan(flow, 'flow@1').nodes).toHaveLength(2);
  });

  it('forgets the least recently used plan when full', () => {
    const engine = testEngine({ planCacheSize: 2 });
    const first = engine.plan(flow, 'v1');
    const second = engine.plan(flow, 'v2');
    engine.plan(flow, 'v1');
    engine.plan(flow, 'v3');

    expect(engine.plan(flow, 'v1')).toBe(first);
    expect(engine.plan(flow, 'v2')).not.toBe(second);
  });
});
