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
  it('builds the paid-order flow from an empty canvas, maps fields with a live preview, test-runs it on a captured webhook, publishes, and opens the live execution', async () => {
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

    // Build: drag each step from the palette, then wire the ports with the mouse.
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

    // Capture a real request on the test URL: it becomes the sample every later step is edited against.
    await page.getByTestId('node-webhook').click();
    const testUrl = (await page.getByTestId('webhook-test-url').textContent()) ?? '';
    await page.getByRole('button', { name: 'Listen for a test event' }).click();
    await eventually(() => page.getByRole('status').textContent()).toContain('Waiting for a request to the test URL');
    await screenshot(page, '05-listening');
    const captured = await fetch(testUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-shopify-topic': 'orders/paid' }, body: JSON.stringify(paidOrder) });
    expect(await captured.json()).toEqual({ captured: true });
    await eventually(() => page.getByTestId('notice').textContent()).toContain('Test event received');

    // The condition starts from a field of the captured request, and its preview answers for it.
    await page.getByTestId('node-filter').click();
    await page.getByRole('button', { name: '$.body.financial_status' }).click();
    expect(await page.locator('#param-filter-condition').inputValue()).toBe('$.body.financial_status');
    await eventually(() => page.getByTestId('field-condition').getByTestId('expression-preview').textContent()).toContain('"paid"');
    await page.locator('#param-filter-condition').fill('$.body.financial_status = "paid"');
    await eventually(() => page.getByTestId('field-condition').getByTestId('expression-preview').textContent()).toContain('true');

    // Map by dragging fields of the captured request onto the output; each shows its value at once.
    await page.getByTestId('node-map').click();
    const mapping = page.getByTestId('mapping-view');
    const preview = (target: number) => page.getByTestId(`mapping-target-${target}`).getByTestId('expression-preview').textContent();
    await page.dragAndDrop('[aria-label="$.body.id"]', '[data-testid="mapping-new-field"]');
    await mapping.getByLabel('Output field').nth(0).fill('orderId');
    expect(await mapping.getByLabel('Value of orderId').inputValue()).toBe('=$.body.id');
    await eventually(() => preview(0)).toContain('1001');
    await page.dragAndDrop('[aria-label="$.body.email"]', '[data-testid="mapping-new-field"]');
    expect(await mapping.getByLabel('Value of email').inputValue()).toBe('=$.body.email');
    await eventually(() => preview(1)).toContain('"ada@example.com"');
    await mapping.getByRole('button', { name: '+ Add field' }).click();
    await mapping.getByLabel('Output field').nth(2).fill('total');
    await mapping.getByLabel('Value of total').fill('=$number($.body.total_price)');
    await eventually(() => preview(2)).toContain('59.8');
    await screenshot(page, '06-mapping-preview');

    await page.getByTestId('node-http').click();
    await page.locator('#param-http-method').selectOption('POST');
    await page.locator('#param-http-url').fill(`${receiver.url}/orders`);
    await page.getByLabel('Expression for Body', { exact: true }).check();
    await page.locator('#param-http-body').fill('$');
    await screenshot(page, '07-inspector');

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await eventually(() => page.getByTestId('notice').textContent()).toContain('Saved.');
    await eventually(() => page.getByTestId('problems-panel').count()).toBe(0);

    // The test run replays the captured request exactly.
    await page.getByRole('tab', { name: 'Test run' }).click();
    expect(JSON.parse(await page.getByLabel('Test event (JSON)').inputValue())).toMatchObject({ method: 'POST', headers: { 'x-shopify-topic': 'orders/paid' }, body: paidOrder });
    await page.getByRole('button', { name: 'Run test' }).click();
    await page.getByTestId('run-summary').waitFor();
    for (const id of ['webhook', 'filter', 'map', 'http']) {
      await eventually(() => page.getByTestId(`node-status-${id}`).textContent()).toBe('succeeded');
    }
    expect(receiver.requests.map((request) => JSON.parse(request.body))).toEqual([{ orderId: 1001, email: 'ada@example.com', total: 59.8 }]);
    await page.getByTestId('node-map').click();
    await page.getByLabel('Raw Output').check();
    expect(JSON.parse((await page.getByTestId('step-output').textContent()) ?? '')).toEqual({ orderId: 1001, email: 'ada@example.com', total: 59.8 });
    await screenshot(page, '08-test-run');

    await page.getByRole('button', { name: 'Publish' }).click();
    await eventually(() => page.getByTestId('flow-status').textContent()).toBe('Published v1');
    expect(await page.locator('.toolbar').textContent()).not.toContain('unpublished changes');
    await page.getByTestId('node-webhook').click();
    const hookUrl = (await page.getByTestId('webhook-url').textContent()) ?? '';
    expect(hookUrl).toMatch(new RegExp(`^${weft.url}/hooks/flow-[0-9a-f]+$`));
    await screenshot(page, '09-published');

    // The live webhook runs the published version; its execution opens painted on the canvas.
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
    await screenshot(page, '10-execution');

    // A real event becomes the next test run's input.
    await page.getByRole('button', { name: 'Use this event for test runs' }).click();
    await page.getByRole('tab', { name: 'Test run' }).click();
    expect(JSON.parse(await page.getByLabel('Test event (JSON)').inputValue())).toMatchObject({ method: 'POST', body: { id: 1002 } });

    await page.getByRole('link', { name: '← Flows' }).click();
    const row = page.getByTestId(`flow-row-${flowId}`);
    await eventually(() => row.textContent()).toContain('Published v1');
    expect(await row.textContent()).toContain('succeeded');
    await screenshot(page, '11-flows-list');

    expect(errors()).toEqual([]);
  }, 120_000);
});
