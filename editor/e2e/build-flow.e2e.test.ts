import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWeft, type TestWeft } from '../../server/testing/test-weft.ts';
import { dropStep, eventually, launchBrowser, openPage, screenshot, signIn, wire } from './browser.ts';
import { type LoopbackServer, startLoopbackServer } from '../../nodes/sdk/testing/index.ts';

let weft: TestWeft;
let browser: Browser;
let receiver: LoopbackServer;

beforeAll(async () => {
  [weft, browser, receiver] = await Promise.all([startTestWeft(), launchBrowser(), startLoopbackServer(() => ({ headers: { 'content-type': 'application/json' }, body: '{"received":true}' }))]);
});
afterAll(async () => {
  await browser?.close();
  await receiver?.close();
  await weft?.stop();
});

const paidOrder = { id: 1001, email: 'ada@example.com', financial_status: 'paid', total_price: '59.80' };

async function waitForFinishedExecutions(flowId: string, count: number): Promise<void> {
  for (;;) {
    const answer: { items: { status: string }[] } = await (await weft.api(`/api/executions?flowId=${flowId}`)).json();
    if (answer.items.length >= count && answer.items.every((item) => item.status === 'succeeded' || item.status === 'failed')) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('building a flow in the editor', () => {
  it('builds webhook → filter → map → http from an empty canvas, test-runs, publishes, and opens the live execution', async () => {
    // The deliberate 422 is the publish refused while problems remain.
    const { page, errors } = await openPage(browser, [422]);
    await page.goto(`${weft.url}/`);
    await screenshot(page, '01-sign-in');
    await signIn(page, weft.url);
    await screenshot(page, '02-flows-empty');

    await page.getByRole('button', { name: '+ New flow' }).click();
    await page.getByLabel('Name').fill('Paid orders to the warehouse');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByTestId('canvas').waitFor();
    await eventually(() => page.getByText('Your flow is empty.').isVisible()).toBe(true);
    await screenshot(page, '03-editor-empty');

    await dropStep(page, 'core.webhook', 90, 200);
    await dropStep(page, 'core.filter', 330, 200);
    await dropStep(page, 'core.map', 570, 120);
    await dropStep(page, 'core.http', 570, 330);
    for (const id of ['webhook', 'filter', 'map', 'http']) await page.getByTestId(`node-${id}`).waitFor();

    // Click-to-add, undo, redo and delete.
    await page.getByTestId('palette-core.respond').click();
    await eventually(() => page.locator('.react-flow__node').count()).toBe(5);
    await page.getByTestId('canvas').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Control+z');
    await eventually(() => page.locator('.react-flow__node').count()).toBe(4);
    await page.keyboard.press('Control+Shift+z');
    await eventually(() => page.locator('.react-flow__node').count()).toBe(5);
    await page.getByTestId('node-respond').click();
    await page.keyboard.press('Delete');
    await eventually(() => page.locator('.react-flow__node').count()).toBe(4);

    await wire(page, { node: 'webhook', port: 'out' }, { node: 'filter', port: 'in' });
    await wire(page, { node: 'filter', port: 'true' }, { node: 'map', port: 'in' });
    await wire(page, { node: 'map', port: 'out' }, { node: 'http' });
    await eventually(() => page.locator('.react-flow__edge').count()).toBe(3);
    expect(await page.locator('.react-flow__handle[data-nodeid="filter"][data-handleid="false"]').count()).toBe(1);

    // Refused with a reason: nothing flows into a trigger.
    await wire(page, { node: 'http', port: 'out' }, { node: 'webhook' });
    await eventually(() => page.getByTestId('notice').textContent()).toContain('is a trigger');
    expect(await page.locator('.react-flow__edge').count()).toBe(3);

    // Publishing with the HTTP step's URL still missing is refused, and the problem shows on that step.
    await page.getByRole('button', { name: 'Publish' }).click();
    await eventually(() => page.getByTestId('notice').textContent()).toContain('Not published');
    await page.getByTestId('problems-panel').waitFor();
    await page.getByTestId('node-problem-http').waitFor();
    await screenshot(page, '04-publish-refused');
    await page.getByTestId('problems-panel').getByRole('button').first().click();
    await eventually(() => page.getByTestId('inspector').locator('h2').textContent()).toBe('HTTP request');

    await page.getByTestId('node-filter').click();
    // Field paths from the webhook's sample event are offered while writing the condition.
    await page.getByRole('button', { name: '$.body.hello' }).click();
    expect(await page.locator('#param-filter-condition').inputValue()).toBe('$.body.hello');
    await page.locator('#param-filter-condition').fill('$.body.financial_status = "paid"');
    await page.getByTestId('node-map').click();
    // The mapping is written as rows "field ← value"; a sample path adds a row mapped from it.
    const output = page.getByTestId('field-output');
    await output.getByRole('button', { name: '$.body.hello' }).click();
    expect(await output.getByLabel('Value of hello').inputValue()).toBe('=$.body.hello');
    await output.getByLabel('Output field').nth(0).fill('orderId');
    await output.getByLabel('Value of orderId').fill('=$.body.id');
    await output.getByRole('button', { name: '+ Add field' }).click();
    await output.getByLabel('Output field').nth(1).fill('email');
    await output.getByLabel('Value of email').fill('=$.body.email');
    await output.getByRole('button', { name: '+ Add field' }).click();
    await output.getByLabel('Output field').nth(2).fill('total');
    await output.getByLabel('Value of total').fill('=$number($.body.total_price)');
    await page.getByTestId('node-http').click();
    await page.locator('#param-http-method').selectOption('POST');
    await page.locator('#param-http-url').fill(`${receiver.url}/orders`);
    await page.getByLabel('Expression for Body', { exact: true }).check();
    await page.locator('#param-http-body').fill('$');
    await screenshot(page, '05-inspector');

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await eventually(() => page.getByTestId('notice').textContent()).toContain('Saved.');
    await eventually(() => page.getByTestId('problems-panel').count()).toBe(0);

    await page.getByRole('tab', { name: 'Test run' }).click();
    await page.getByLabel('Test event (JSON)').fill(JSON.stringify({ body: paidOrder }, null, 2));
    await page.getByRole('button', { name: 'Run test' }).click();
    await page.getByTestId('run-summary').waitFor();
    for (const id of ['webhook', 'filter', 'map', 'http']) {
      await eventually(() => page.getByTestId(`node-status-${id}`).textContent()).toBe('succeeded');
    }
    expect(receiver.requests.map((request) => JSON.parse(request.body))).toEqual([{ orderId: 1001, email: 'ada@example.com', total: 59.8 }]);
    await page.getByTestId('node-map').click();
    await page.getByLabel('Raw Output').check();
    expect(JSON.parse((await page.getByTestId('step-output').textContent()) ?? '')).toEqual({ orderId: 1001, email: 'ada@example.com', total: 59.8 });
    await screenshot(page, '06-test-run');

    await page.getByRole('button', { name: 'Publish' }).click();
    await eventually(() => page.getByTestId('flow-status').textContent()).toBe('Published v1');
    expect(await page.locator('.toolbar').textContent()).not.toContain('unpublished changes');
    await page.getByTestId('node-webhook').click();
    const hookUrl = (await page.getByTestId('webhook-url').textContent()) ?? '';
    expect(hookUrl).toMatch(new RegExp(`^${weft.url}/hooks/flow-[0-9a-f]+$`));
    await screenshot(page, '07-published');

    const live = await fetch(hookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...paidOrder, id: 1002 }) });
    expect(live.status).toBe(202);
    const flowId = hookUrl.split('/').at(-1) ?? '';
    await waitForFinishedExecutions(flowId, 2);
    expect(receiver.requests).toHaveLength(2);

    await page.getByRole('tab', { name: 'Executions' }).click();
    await eventually(() => page.getByTestId('execution-row').count()).toBe(2);
    await page.getByTestId('execution-row').filter({ hasText: 'webhook' }).click();
    await page.getByTestId('execution-steps').waitFor();
    await eventually(() => page.getByTestId('node-status-http').textContent()).toBe('succeeded');
    expect(await page.getByTestId('execution-steps').textContent()).toContain('1002');
    await screenshot(page, '08-execution');

    // A real event becomes the next test run's input.
    await page.getByRole('button', { name: 'Use this event for test runs' }).click();
    await page.getByRole('tab', { name: 'Test run' }).click();
    expect(JSON.parse(await page.getByLabel('Test event (JSON)').inputValue())).toMatchObject({ method: 'POST', body: { id: 1002 } });

    await page.getByRole('link', { name: '← Flows' }).click();
    const row = page.getByTestId(`flow-row-${flowId}`);
    await eventually(() => row.textContent()).toContain('Published v1');
    expect(await row.textContent()).toContain('succeeded');
    await screenshot(page, '09-flows-list');

    expect(errors()).toEqual([]);
  }, 120_000);
});
