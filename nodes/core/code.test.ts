import { afterAll, describe, expect, it } from 'vitest';
// The real sandbox process the server uses: a code step is only meaningful run where it will run.
import { createCodeSandbox } from '../../server/sandbox/code-sandbox.ts';
import { runNode } from '../sdk/testing/index.ts';
import { codeNode } from './code.ts';

const code = createCodeSandbox();
afterAll(async () => code.close());

const order = { body: { id: 1001, customer: { email: 'ada@example.com' }, lines: [{ sku: 'A', qty: 2, price: 5 }, { sku: 'B', qty: 1, price: 10 }] } };

describe('core.code', () => {
  it.each([
    ['maps fields', 'return { orderId: input.body.id, email: input.body.customer.email }', { orderId: 1001, email: 'ada@example.com' }],
    ['computes with array methods', 'return input.body.lines.reduce((sum, line) => sum + line.qty * line.price, 0)', 20],
    ['awaits', 'const skus = await Promise.resolve(input.body.lines.map((line) => line.sku));\nreturn skus.join(",")', 'A,B'],
    ['reads the trigger and upstream steps', 'return [trigger.body.id, nodes.start.body.lines.length]', [1001, 2]],
    ['outputs null for undefined', 'return undefined', null],
  ])('%s', async (_case, source, expected) => {
    const step = await runNode(codeNode, { input: order, params: { code: source }, code });

    expect(step).toMatchObject({ status: 'succeeded', output: expected });
  });

  it('writes console output to the step log with its level', async () => {
    const step = await runNode(codeNode, { input: order, params: { code: 'console.log("lines", input.body.lines.length);\nconsole.warn("no coupon");\nreturn 1' }, code });

    expect(step.logs.map(({ level, message }) => ({ level, message }))).toEqual([
      { level: 'info', message: 'lines 2' },
      { level: 'warn', message: 'no coupon' },
    ]);
  });

  it.each([
    ['a thrown error', 'console.log("checking");\nthrow new Error("no lines")', 'code_error', 'Error: no lines (line 2)', { line: 2, column: 7 }],
    ['an infinite loop', 'while (true) {}', 'code_timeout', 'the code did not finish within its time limit of 200 ms', undefined],
    ['reaching for the host', "return this.constructor.constructor('return process')().env", 'code_error', 'ReferenceError: process is not defined (line 1)', { line: 1, column: 54 }],
    ['a BigInt result', 'return 1n', 'code_result_not_json', 'the code must return JSON data: Do not know how to serialize a BigInt', undefined],
  ])('fails the step on %s', async (_case, source, errorCode, message, details) => {
    const step = await runNode(codeNode, { input: order, params: { code: source, timeoutMs: 200 }, code });

    expect(step.status).toBe('failed');
    expect(step.error).toEqual({ code: errorCode, message, retryable: false, ...(details === undefined ? {} : { details }) });
  });

  it('keeps the log of a failed step', async () => {
    const step = await runNode(codeNode, { input: order, params: { code: 'console.log("checking");\nthrow new Error("no lines")' }, code });

    expect(step.logs.map(({ message }) => message)).toEqual(['checking']);
  });

  it.each([
    ['a time limit above 60 s', { code: 'return 1', timeoutMs: 60_001 }],
    ['a memory limit below 8 MB', { code: 'return 1', memoryMb: 4 }],
    ['empty code', { code: '' }],
  ])('refuses %s', async (_case, params) => {
    await expect(runNode(codeNode, { input: order, params, code })).rejects.toMatchObject({ code: 'invalid_flow' });
  });
});
