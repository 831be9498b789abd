import type { Json } from '@weft/engine';
import { describe, expect, it } from 'vitest';
import { runNode } from '../sdk/testing/index.ts';
import { noopNode } from './noop.ts';

describe('core.noop', () => {
  it.each<Json>([{ id: 1, tags: ['a'] }, [1, 2], 'text', null])('passes %j on unchanged', async (input) => {
    const step = await runNode(noopNode, { input });

    expect(step).toMatchObject({ status: 'succeeded', output: input, ports: ['out'] });
  });
});
