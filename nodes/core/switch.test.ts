import { type Json, createEngine, createNodeRegistry, silentLogger, systemClock, unavailableCode } from '@weft/engine';
import { describe, expect, it } from 'vitest';
import { fetchHttpPort, runNode } from '../sdk/testing/index.ts';
import { manualNode } from './manual.ts';
import { switchNode } from './switch.ts';

const order = { status: 'paid', total: 250 };
const cases = [
  { port: 'case1', label: 'refunded', when: '=$.status = "refunded"' },
  { port: 'case2', label: 'paid', when: '=$.status = "paid"' },
  { port: 'case3', label: 'large', when: '=$.total > 100' },
];

describe('core.switch', () => {
  it.each([
    { mode: 'first', input: order, ports: ['case2'] },
    { mode: 'all', input: order, ports: ['case2', 'case3'] },
    { mode: 'first', input: { status: 'refunded', total: 5 }, ports: ['case1'] },
    { mode: 'all', input: { status: 'pending', total: 5 }, ports: ['default'] },
    { mode: 'first', input: { total: 5 }, ports: ['default'] },
  ])('in "$mode" mode sends $input through $ports', async ({ mode, input, ports }) => {
    const step = await runNode(switchNode, { input, params: { mode, cases } });

    expect(step).toMatchObject({ status: 'succeeded', output: input, ports });
  });

  it('sends through "default" when it has no cases', async () => {
    const step = await runNode(switchNode, { input: order });

    expect(step.ports).toEqual(['default']);
  });

  it('names a port once when two cases that hold share it', async () => {
    const shared = [
      { port: 'case1', when: true },
      { port: 'case1', when: true },
    ];

    const step = await runNode(switchNode, { input: order, params: { mode: 'all', cases: shared } });

    expect(step.ports).toEqual(['case1']);
  });

  it('fails a condition that is not true or false with invalid_params', async () => {
    const step = await runNode(switchNode, { input: order, params: { cases: [{ port: 'case1', when: '=$.status' }] } });

    expect(step).toMatchObject({ status: 'failed', error: { code: 'invalid_params' } });
  });

  it.each<{ name: string; params: Record<string, Json> }>([
    { name: 'a case port it does not offer', params: { cases: [{ port: 'case9', when: true }] } },
    { name: 'a mode it does not know', params: { mode: 'some' } },
  ])('refuses $name when the flow is checked', async ({ params }) => {
    await expect(runNode(switchNode, { input: order, params })).rejects.toMatchObject({ code: 'invalid_flow' });
  });

  it.each([
    { port: 'case8', problems: [] },
    { port: 'default', problems: [] },
    { port: 'case9', problems: ['edge_unknown_port'] },
  ])('lets an edge leave from "$port" only when it is one of its outputs', ({ port, problems }) => {
    const engine = createEngine({
      registry: createNodeRegistry([manualNode, switchNode]),
      ports: { http: fetchHttpPort(), clock: systemClock, logger: silentLogger, code: unavailableCode },
    });
    const flow = {
      formatVersion: 1,
      id: 'switch-ports',
      name: 'Switch ports',
      nodes: [
        { id: 'start', type: 'core.manual', typeVersion: 1 },
        { id: 'route', type: 'core.switch', typeVersion: 1 },
        { id: 'next', type: 'core.switch', typeVersion: 1 },
      ],
      edges: [
        { from: { node: 'start', port: 'out' }, to: { node: 'route', port: 'in' } },
        { from: { node: 'route', port }, to: { node: 'next', port: 'in' } },
      ],
    };

    expect(engine.validate(flow).problems.map((problem) => problem.code)).toEqual(problems);
  });
});
