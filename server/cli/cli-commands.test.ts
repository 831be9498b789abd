import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliOutput } from './cli-output.ts';
import { runCommand } from './run-command.ts';
import { validateCommand } from './validate-command.ts';

const flowsDir = fileURLToPath(new URL('../../flows/', import.meta.url));

interface Captured extends CliOutput {
  out: string[];
  err: string[];
}

function capture(): Captured {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (line) => out.push(line), stderr: (line) => err.push(line) };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'weft-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function tempFile(name: string, content: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const manualFlow = (nodes: unknown[], edges: unknown[] = []) => ({
  formatVersion: 1,
  id: 'cli-test',
  name: 'CLI test',
  nodes: [{ id: 'start', type: 'core.manual', typeVersion: 1, params: {} }, ...nodes],
  edges,
});
const edge = (from: string, to: string) => ({ from: { node: from, port: 'out' }, to: { node: to, port: 'in' } });

describe('validateCommand', () => {
  it('exits 0 and says so for a valid flow', async () => {
    const output = capture();
    const file = join(flowsDir, 'catch-hook.flow.json');
    expect(await validateCommand(file, output)).toBe(0);
    expect(output.out).toEqual([`${file}: valid flow "catch-hook" (3 nodes, 2 edges)`]);
  });

  it('exits 1 and prints each problem as "path  code  message"', async () => {
    const file = await tempFile(
      'broken.flow.json',
      manualFlow([{ id: 'mystery', type: 'acme.unknown', typeVersion: 1, params: {} }], [edge('start', 'ghost')]),
    );
    const output = capture();

    expect(await validateCommand(file, output)).toBe(1);
    expect(output.out).toEqual([
      'nodes[1].type  unknown_node_type  no installed pack provides the node type "acme.unknown"',
      'edges[0].to.node  edge_unknown_node  no node has the id "ghost"',
    ]);
    expect(output.err).toEqual([`${file}: 2 problems`]);
  });

  it.each([
    ['a file that does not exist', 'missing.flow.json', undefined, /^cannot read .*missing\.flow\.json: no such file$/],
    ['a file that is not JSON', 'text.flow.json', 'nodes: []', /^.*text\.flow\.json is not valid JSON: /],
  ])('exits 2 for %s', async (_case, name, content, message) => {
    const file = content === undefined ? join(dir, name) : await tempFile(name, content);
    const output = capture();
    expect(await validateCommand(file, output)).toBe(2);
    expect(output.err).toEqual([expect.stringMatching(message)]);
    expect(output.out).toEqual([]);
  });
});

describe('runCommand', () => {
  it('prints every step with its output and the webhook answer, and exits 0', async () => {
    const event = { method: 'POST', path: '', headers: { 'content-type': 'application/json' }, query: {}, body: { id: 7 }, rawBody: '{"id":7}' };
    const inputPath = await tempFile('event.json', event);
    const output = capture();

    const code = await runCommand({ flowPath: join(flowsDir, 'catch-hook.flow.json'), inputPath }, output);

    expect(code).toBe(0);
    const steps = output.out.filter((line) => !line.startsWith(' '));
    expect(steps).toEqual([
      expect.stringMatching(/^succeeded incoming \(core\.webhook\) \d+ms$/),
      expect.stringMatching(/^succeeded normalise \(core\.map\) \d+ms$/),
      expect.stringMatching(/^succeeded answer \(core\.respond\) \d+ms$/),
      'response 200 application/json; charset=utf-8',
      'execution succeeded (3 steps)',
    ]);
    const answer = output.out.slice(output.out.indexOf('response 200 application/json; charset=utf-8') + 1, -1).join('\n');
    expect(JSON.parse(answer)).toEqual({ received: true, kind: 'object', fields: ['id'], contentType: 'application/json', data: { id: 7 } });
    expect(output.out[1]).toBe('  {');
  });

  it('prints a text answer as it is', async () => {
    const event = { method: 'POST', path: '', headers: {}, query: {}, body: { Body: 'a < b' }, rawBody: 'Body=a+%3C+b' };
    const output = capture();
    const code = await runCommand({ flowPath: join(flowsDir, 'twilio-sms-reply.flow.json'), inputPath: await tempFile('sms.json', event) }, output);
    expect(code).toBe(0);
    expect(output.out.slice(-3, -1)).toEqual([
      'response 200 application/xml; charset=utf-8',
      '  <?xml version="1.0" encoding="UTF-8"?><Response><Message>Thanks for your message! You wrote: a &lt; b</Message></Response>',
    ]);
  });

  it("uses the trigger's sample payload when no input is given", async () => {
    const output = capture();
    expect(await runCommand({ flowPath: join(flowsDir, 'catch-hook.flow.json') }, output)).toBe(0);
    expect(output.err).toEqual(['no --input given: using the core.webhook sample payload']);
  });

  it('passes the input file to a manual trigger as is, through the chosen trigger', async () => {
    const flowPath = await tempFile(
      'echo.flow.json',
      manualFlow([{ id: 'double', type: 'core.map', typeVersion: 1, params: { output: '=$.n * 2' } }], [edge('start', 'double')]),
    );
    const output = capture();
    const code = await runCommand({ flowPath, inputPath: await tempFile('n.json', { n: 21 }), triggerNodeId: 'start' }, output);
    expect(code).toBe(0);
    expect(output.out.slice(-3)).toEqual([expect.stringMatching(/^succeeded double \(core\.map\) \d+ms$/), '  42', 'execution succeeded (2 steps)']);
  });

  it('exits 1 and names the failing node when the execution fails', async () => {
    const flowPath = await tempFile(
      'fails.flow.json',
      manualFlow([{ id: 'explode', type: 'core.map', typeVersion: 1, params: { output: '=$error("boom")' } }], [edge('start', 'explode')]),
    );
    const output = capture();

    expect(await runCommand({ flowPath }, output)).toBe(1);
    expect(output.out).toContainEqual(expect.stringMatching(/^failed explode \(core\.map\) \d+ms$/));
    expect(output.err).toEqual([expect.stringMatching(/^execution failed at explode: expression_error: .*boom/)]);
  });

  it('exits 1 without running an invalid flow', async () => {
    const flowPath = await tempFile('invalid.flow.json', manualFlow([], [edge('start', 'nowhere')]));
    const output = capture();
    expect(await runCommand({ flowPath }, output)).toBe(1);
    expect(output.out).toEqual(['edges[0].to.node  edge_unknown_node  no node has the id "nowhere"']);
    expect(output.err).toEqual([`${flowPath} is not a valid flow; nothing ran`]);
  });

  it('exits 1 for a trigger the flow does not have', async () => {
    const output = capture();
    expect(await runCommand({ flowPath: join(flowsDir, 'catch-hook.flow.json'), triggerNodeId: 'nope' }, output)).toBe(1);
    expect(output.err.at(-1)).toBe('unknown_trigger: the flow has no trigger node "nope"');
  });

  it('exits 2 when the input file cannot be read', async () => {
    const output = capture();
    const code = await runCommand({ flowPath: join(flowsDir, 'catch-hook.flow.json'), inputPath: join(dir, 'absent.json') }, output);
    expect(code).toBe(2);
    expect(output.err).toEqual([expect.stringMatching(/^cannot read .*absent\.json: no such file$/)]);
  });
});
