import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { eventually, openPage, screenshot, signIn, startBrowserSession } from './browser.ts';

const session = startBrowserSession();

async function importFlow(document: object): Promise<void> {
  const response = await session.weft.api('/api/flows/import', { body: document });
  expect(response.status, await response.clone().text()).toBe(201);
}

/** webhook → for each line → price it; when done → collect the prices. */
const pricing = {
  formatVersion: 1,
  id: 'pricing',
  name: 'Price each line',
  nodes: [
    { id: 'incoming', type: 'core.webhook', typeVersion: 1, params: {}, position: { x: 0, y: 100 } },
    { id: 'lines', type: 'core.each', typeVersion: 1, params: { items: '=$.body.lines' }, position: { x: 280, y: 100 } },
    { id: 'price', type: 'core.map', typeVersion: 1, params: { output: { sku: '=$.sku', total: '=$.qty * $.unit' } }, position: { x: 560, y: 0 } },
    { id: 'collect', type: 'core.map', typeVersion: 1, params: { output: { totals: '=$' } }, position: { x: 560, y: 220 } },
  ],
  edges: [
    { from: { node: 'incoming', port: 'out' }, to: { node: 'lines', port: 'in' } },
    { from: { node: 'lines', port: 'item' }, to: { node: 'price', port: 'in' } },
    { from: { node: 'lines', port: 'done' }, to: { node: 'collect', port: 'in' } },
  ],
};

const lines = [
  { sku: 'a', qty: 2, unit: 5 },
  { sku: 'b', qty: 1, unit: 7 },
  { sku: 'c', qty: 3, unit: 1 },
];

async function openEditor(page: Page, flowId: string, node: string): Promise<void> {
  await signIn(page, session.weft.url);
  await page.goto(`${session.weft.url}/#/flows/${flowId}`);
  await page.getByTestId(`node-${node}`).waitFor();
}

async function runTest(page: Page, event: unknown): Promise<void> {
  await page.getByRole('tab', { name: 'Test run' }).click();
  await page.getByLabel('Test event (JSON)').fill(JSON.stringify(event));
  await page.getByRole('button', { name: 'Run test' }).click();
}

async function rawJson(page: Page, label: 'Input' | 'Output', testId: string): Promise<unknown> {
  const toggle = page.getByLabel(`Raw ${label}`, { exact: true });
  if (!(await toggle.isChecked())) await toggle.check();
  return JSON.parse((await page.getByTestId(testId).textContent()) ?? '');
}

describe('loops and waiting executions in the editor', () => {
  it('runs a for-each flow from the editor, counts the items on the canvas and inspects item 1', async () => {
    await importFlow(pricing);
    const { page, errors } = await openPage(session.browser);
    await openEditor(page, 'pricing', 'lines');
    // The loop's ports are labelled on the canvas, as a filter's true/false are.
    const port = (name: string) => page.locator(`.react-flow__handle.source[data-nodeid="lines"][data-handleid="${name}"] .port-label`);
    expect([await port('item').textContent(), await port('done').textContent()]).toEqual(['item', 'done']);

    await runTest(page, { body: { lines } });
    await eventually(() => page.getByTestId('node-status-collect').textContent()).toBe('succeeded');
    expect(await page.getByTestId('node-status-price').textContent()).toBe('succeeded');
    expect(await page.getByTestId('node-items-price').textContent()).toBe('3 items');
    expect(await page.getByTestId('node-items-lines').count()).toBe(0);
    expect(await page.getByTestId('node-items-collect').count()).toBe(0);
    await screenshot(page, '80-loop-test-run');

    await page.getByTestId('node-price').click();
    await page.getByLabel('Item', { exact: true }).selectOption('1');
    expect(await rawJson(page, 'Input', 'step-input')).toEqual(lines[1]);
    expect(await rawJson(page, 'Output', 'step-output')).toEqual({ sku: 'b', total: 7 });
    await page.getByRole('button', { name: 'Next item' }).click();
    expect(await page.getByLabel('Item', { exact: true }).inputValue()).toBe('2');
    expect(await rawJson(page, 'Output', 'step-output')).toEqual({ sku: 'c', total: 3 });
    await page.getByRole('button', { name: 'Previous item' }).click();
    expect(await rawJson(page, 'Output', 'step-output')).toEqual({ sku: 'b', total: 7 });
    await screenshot(page, '81-loop-item-1');
    await page.getByTestId('node-collect').click();
    expect(await rawJson(page, 'Output', 'step-output')).toEqual({ totals: [{ sku: 'a', total: 10 }, { sku: 'b', total: 7 }, { sku: 'c', total: 3 }] });

    // The same run, opened from the executions list, offers the same choice.
    await page.getByRole('tab', { name: 'Executions' }).click();
    await page.getByTestId('execution-row').first().click();
    const priced = page.getByTestId('execution-step-price');
    const summary = priced.locator(':scope > summary');
    expect(await summary.textContent()).toContain('3 items');
    await summary.click();
    await priced.getByLabel('Item', { exact: true }).selectOption('1');
    await priced.getByLabel('Raw Input', { exact: true }).check();
    expect(JSON.parse((await priced.locator('pre').first().textContent()) ?? '')).toEqual(lines[1]);
    expect(errors()).toEqual([]);
  }, 60_000);

  it('paints a loop whose item 1 failed as failed, and opens that item first', async () => {
    const { page, errors } = await openPage(session.browser);
    await openEditor(page, 'pricing', 'lines');
    await runTest(page, { body: { lines: [lines[0], { sku: 'broken', qty: 1, unit: 'not a number' }, lines[2]] } });
    await eventually(() => page.getByTestId('node-status-price').textContent()).toBe('failed');
    // One item at a time: the loop stops at the failed item.
    expect(await page.getByTestId('node-items-price').textContent()).toBe('2 items');
    await page.getByTestId('node-price').click();
    expect(await page.getByLabel('Item', { exact: true }).inputValue()).toBe('1');
    expect(await page.getByTestId('step-error').textContent()).toContain('expression');
    // The expression the step stopped in is shown under the error, the place JSONata stopped marked.
    const failedExpression = page.getByTestId('step-error').getByTestId('failed-expression');
    expect(await failedExpression.textContent()).toContain('$.qty * $.unit');
    expect(await failedExpression.locator('.tok-error').count()).toBeGreaterThan(0);
    expect(await rawJson(page, 'Input', 'step-input')).toMatchObject({ sku: 'broken' });
    expect(errors()).toEqual([]);
  }, 60_000);

  it('shows a test run that waits in a delay as waiting until its time, on the canvas and in the executions', async () => {
    await importFlow({
      formatVersion: 1,
      id: 'later',
      name: 'Follow up later',
      nodes: [
        { id: 'start', type: 'core.manual', typeVersion: 1, params: {}, position: { x: 0, y: 0 } },
        { id: 'hold', type: 'core.delay', typeVersion: 1, params: { mode: 'for', amount: 2, unit: 'hours' }, position: { x: 280, y: 0 } },
        { id: 'after', type: 'core.noop', typeVersion: 1, params: {}, position: { x: 560, y: 0 } },
      ],
      edges: [
        { from: { node: 'start', port: 'out' }, to: { node: 'hold', port: 'in' } },
        { from: { node: 'hold', port: 'out' }, to: { node: 'after', port: 'in' } },
      ],
    });
    const { page, errors } = await openPage(session.browser);
    await openEditor(page, 'later', 'hold');
    await runTest(page, { customer: 'ada' });
    await eventually(() => page.getByTestId('node-status-hold').textContent()).toBe('waiting');
    expect(await page.getByTestId('notice').textContent()).toMatch(/The test run is waiting until .+ \(at hold\)/);
    expect(await page.getByTestId('run-summary').textContent()).toContain('waiting until');
    expect(await page.getByTestId('node-status-start').textContent()).toBe('succeeded');
    expect(await page.getByTestId('node-status-after').count()).toBe(0);
    await page.getByTestId('node-hold').click();
    expect(await page.getByTestId('step-waiting').textContent()).toMatch(/^waiting until /);
    await screenshot(page, '82-waiting-test-run');

    await page.getByRole('tab', { name: 'Executions' }).click();
    await page.getByLabel('Show executions').selectOption('waiting');
    await eventually(() => page.getByTestId('execution-row').count()).toBe(1);
    expect(await page.getByTestId('execution-row-waiting').textContent()).toMatch(/^waiting until .+ \(at hold\)$/);
    await page.getByTestId('execution-row').click();
    expect(await page.getByTestId('execution-waiting').textContent()).toMatch(/This execution is waiting until .+ \(at hold\)/);
    await screenshot(page, '83-waiting-execution');
    expect(errors()).toEqual([]);
  }, 60_000);

  it('says an execution waits for another flow while the flow it called is still running', async () => {
    const slowChild = {
      formatVersion: 1,
      id: 'slow-child',
      name: 'Slow child',
      nodes: [
        { id: 'start', type: 'core.manual', typeVersion: 1, params: {} },
        { id: 'hold', type: 'core.delay', typeVersion: 1, params: { mode: 'for', amount: 1, unit: 'days' } },
      ],
      edges: [{ from: { node: 'start', port: 'out' }, to: { node: 'hold', port: 'in' } }],
    };
    await importFlow(slowChild);
    expect((await session.weft.api('/api/flows/slow-child/publish', { method: 'POST' })).status).toBe(200);
    await importFlow({
      formatVersion: 1,
      id: 'parent',
      name: 'Calls the slow child',
      nodes: [
        { id: 'start', type: 'core.manual', typeVersion: 1, params: {}, position: { x: 0, y: 0 } },
        { id: 'call', type: 'core.subflow', typeVersion: 1, params: { flowId: 'slow-child' }, position: { x: 280, y: 0 } },
      ],
      edges: [{ from: { node: 'start', port: 'out' }, to: { node: 'call', port: 'in' } }],
    });
    const started = await (await session.weft.api('/api/flows/parent/run', { body: { payload: {}, wait: false } })).json();
    await session.weft.executionWhen(started.executionId, ['waiting']);

    const { page, errors } = await openPage(session.browser);
    await openEditor(page, 'parent', 'call');
    await page.getByRole('tab', { name: 'Executions' }).click();
    await eventually(() => page.getByTestId('execution-row-waiting').textContent()).toBe('waiting for another flow (at call)');
    await page.getByTestId('execution-row').click();
    expect(await page.getByTestId('execution-waiting').textContent()).toContain('waiting for another flow (at call)');
    expect(await page.getByTestId('node-status-call').textContent()).toBe('waiting');
    expect(errors()).toEqual([]);
  }, 60_000);
});
