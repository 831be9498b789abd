import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { eventually, openPage, screenshot, signIn, startBrowserSession } from './browser.ts';

const session = startBrowserSession();

/** webhook at /orders → a map that reads the body and a header. */
async function importFlow(id: string): Promise<void> {
  const document = {
    formatVersion: 1,
    id,
    name: id,
    nodes: [
      { id: 'incoming', type: 'core.webhook', typeVersion: 1, params: { path: 'orders' }, position: { x: 0, y: 0 } },
      { id: 'shape', type: 'core.map', typeVersion: 1, params: { output: { email: '=$.body.customer.email', shop: '=$.headers.`x-shop`' } }, position: { x: 300, y: 0 } },
    ],
    edges: [{ from: { node: 'incoming', port: 'out' }, to: { node: 'shape', port: 'in' } }],
  };
  expect((await session.weft.api('/api/flows/import', { body: document })).status).toBe(201);
}

async function openEditor(page: Page, flowId: string): Promise<void> {
  await signIn(page, session.weft.url);
  await page.goto(`${session.weft.url}/#/flows/${flowId}`);
  await page.getByTestId('node-shape').waitFor();
}

async function rawJson(page: Page, label: string, testId: string): Promise<unknown> {
  await page.getByLabel(`Raw ${label}`).check();
  return JSON.parse((await page.getByTestId(testId).textContent()) ?? '');
}

const order = { customer: { email: 'ada@example.com' }, total: 42 };

describe('test events and pinned sample data', () => {
  it('listens on the test URL, takes the request a test sends there as the test event, and test-runs the draft with it', async () => {
    await importFlow('listening');
    const { page, errors } = await openPage(session.browser);
    await openEditor(page, 'listening');
    await page.getByTestId('node-incoming').click();
    expect(await page.getByTestId('webhook-url').textContent()).toBe(`${session.weft.url}/hooks/listening/orders`);
    const testUrl = (await page.getByTestId('webhook-test-url').textContent()) ?? '';
    expect(testUrl).toBe(`${session.weft.url}/hooks-test/listening/orders`);

    await page.getByRole('button', { name: 'Listen for a test event' }).click();
    await eventually(() => page.getByRole('status').textContent()).toContain('Waiting for a request to the test URL');
    await screenshot(page, '70-listening-for-test-event');

    const sent = await fetch(`${testUrl}?source=e2e`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-shop': 'demo' }, body: JSON.stringify(order) });
    expect(sent.status).toBe(200);
    expect(await sent.json()).toEqual({ captured: true });
    await eventually(() => page.getByTestId('notice').textContent()).toContain('Test event received');
    await page.getByTestId('test-event-captured').waitFor();
    await screenshot(page, '71-test-event-captured');

    await page.getByRole('tab', { name: 'Test run' }).click();
    const event = JSON.parse(await page.getByLabel('Test event (JSON)').inputValue());
    expect(event).toMatchObject({ method: 'POST', path: 'orders', query: { source: 'e2e' }, body: order, rawBody: JSON.stringify(order), headers: { 'x-shop': 'demo' } });
    await page.getByRole('button', { name: 'Run test' }).click();
    await eventually(() => page.getByTestId('node-status-shape').textContent()).toBe('succeeded');
    await page.getByTestId('node-shape').click();
    expect(await rawJson(page, 'Output', 'step-output')).toEqual({ email: 'ada@example.com', shop: 'demo' });

    // The run received the captured request exactly, as a real webhook execution would.
    const executions = (await (await session.weft.api('/api/executions?flowId=listening')).json()).items;
    const execution = await session.weft.executionWhen(executions[0].id);
    const captured = (await (await session.weft.api('/api/flows/listening/test-event')).json()).event.payload;
    expect(execution.payload).toEqual(captured);
    expect(errors()).toEqual([]);
  }, 60_000);

  it('cancels listening, after which the test URL refuses requests', async () => {
    await importFlow('cancelled');
    const { page, errors } = await openPage(session.browser);
    await openEditor(page, 'cancelled');
    await page.getByRole('tab', { name: 'Test run' }).click();
    await page.getByRole('button', { name: 'Listen for a test event' }).click();
    await eventually(() => page.getByRole('status').textContent()).toContain('Waiting for a request');
    await page.getByRole('status').getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Listen for a test event' }).waitFor();
    await eventually(async () => (await (await session.weft.api('/api/flows/cancelled/test-event')).json()).status).toBe('idle');
    const refused = await fetch(`${session.weft.url}/hooks-test/cancelled/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(refused.status).toBe(404);
    expect((await refused.json()).error.code).toBe('test_hook_not_listening');
    expect(errors()).toEqual([]);
  }, 60_000);

  it("uses a past execution's event, picked from the flow's recent executions", async () => {
    await importFlow('from-history');
    const past = { method: 'POST', path: 'orders', headers: {}, query: {}, body: { customer: { email: 'grace@example.com' } }, rawBody: '' };
    const run = await (await session.weft.api('/api/flows/from-history/run', { body: { payload: past } })).json();
    expect(run.status).toBe('succeeded');
    const { page, errors } = await openPage(session.browser);
    await openEditor(page, 'from-history');
    await page.getByRole('tab', { name: 'Test run' }).click();
    const picker = page.getByLabel('Or use the event of a past execution');
    await eventually(() => picker.locator('option').count()).toBe(2);
    await picker.selectOption({ index: 1 });
    await eventually(async () => JSON.parse(await page.getByLabel('Test event (JSON)').inputValue())).toEqual(past);
    expect(errors()).toEqual([]);
  }, 60_000);

  it('pins a step output as sample data, shows it on the node, keeps it across reloads and unpins it', async () => {
    const { page, errors } = await openPage(session.browser);
    await openEditor(page, 'listening');
    await page.getByRole('tab', { name: 'Test run' }).click();
    await page.getByLabel('Test event (JSON)').fill(JSON.stringify({ body: order, headers: { 'x-shop': 'pinned-shop' } }));
    await page.getByRole('button', { name: 'Run test' }).click();
    await eventually(() => page.getByTestId('node-status-shape').textContent()).toBe('succeeded');

    await page.getByTestId('node-incoming').click();
    await page.getByRole('button', { name: 'Pin output' }).click();
    await page.getByTestId('node-pinned-incoming').waitFor();
    await page.getByTestId('pinned-output').waitFor();
    await screenshot(page, '72-pinned-output');

    await page.reload();
    await page.getByTestId('node-pinned-incoming').waitFor();
    expect(await page.getByTestId('node-pinned-shape').count()).toBe(0);
    await page.getByTestId('node-incoming').click();
    await page.getByTestId('pinned-output').locator('summary', { hasText: 'Pinned output' }).click();
    expect(await rawJson(page, 'Pinned output', 'pinned-output-value')).toEqual({ body: order, headers: { 'x-shop': 'pinned-shop' } });

    await page.getByRole('button', { name: 'Unpin output' }).click();
    await eventually(() => page.getByTestId('node-pinned-incoming').count()).toBe(0);
    await page.reload();
    await page.getByTestId('node-shape').waitFor();
    expect(await page.getByTestId('node-pinned-incoming').count()).toBe(0);
    expect(errors()).toEqual([]);
  }, 60_000);
});
