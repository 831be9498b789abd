import { type LoopbackServer, startLoopbackServer } from '../../nodes/sdk/testing/index.ts';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWeft, type TestWeft } from '../../server/testing/test-weft.ts';
import { eventually, launchBrowser, openPage, screenshot, signIn } from './browser.ts';

let weft: TestWeft;
let browser: Browser;
let receiver: LoopbackServer;

beforeAll(async () => {
  [weft, browser, receiver] = await Promise.all([
    startTestWeft(),
    launchBrowser(),
    startLoopbackServer(() => ({ headers: { 'content-type': 'application/json' }, body: '{"ok":true}' })),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await receiver?.close();
  await weft?.stop();
});

/** webhook → shape the order → POST it to the receiver. */
function ordersFlow(total: string) {
  return {
    formatVersion: 1,
    id: 'live-orders',
    name: 'Live orders',
    nodes: [
      { id: 'incoming', type: 'core.webhook', typeVersion: 1, params: {}, position: { x: 0, y: 0 } },
      { id: 'shape', type: 'core.map', typeVersion: 1, name: 'Shape the order', params: { output: { orderId: '=$.body.id', total } }, position: { x: 300, y: 0 } },
      { id: 'notify', type: 'core.http', typeVersion: 1, name: 'Tell the shop', params: { method: 'POST', url: `${receiver.url}/orders`, body: '=$' }, position: { x: 600, y: 0 } },
    ],
    edges: [
      { from: { node: 'incoming', port: 'out' }, to: { node: 'shape', port: 'in' } },
      { from: { node: 'shape', port: 'out' }, to: { node: 'notify', port: 'in' } },
    ],
  };
}

async function sendOrder(order: { id: number; amount: number }): Promise<void> {
  const answer = await fetch(`${weft.url}/hooks/live-orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(order) });
  const accepted: { executionId: string } = await answer.json();
  expect(await weft.executionWhen(accepted.executionId)).toMatchObject({ status: 'succeeded' });
}

describe('trying the draft on past events', () => {
  it('shows which steps a change affects, with a diff, without sending anything until allowed', async () => {
    expect((await weft.api('/api/flows/import', { body: ordersFlow('=$.body.amount') })).status).toBe(201);
    expect((await weft.api('/api/flows/live-orders/publish', { method: 'POST' })).status).toBe(200);
    await sendOrder({ id: 1, amount: 10 });
    await sendOrder({ id: 2, amount: 25 });
    expect(receiver.requests).toHaveLength(2);
    // The change to try: the draft now charges double.
    const { draftRevision }: { draftRevision: number } = await (await weft.api('/api/flows/live-orders')).json();
    const saved = await weft.api('/api/flows/live-orders', { method: 'PUT', body: { document: ordersFlow('=$.body.amount * 2'), baseRevision: draftRevision } });
    expect(saved.status).toBe(200);

    const { page, errors } = await openPage(browser);
    await signIn(page, weft.url);
    await page.goto(`${weft.url}/#/flows/live-orders`);
    await page.getByTestId('node-notify').waitFor();
    await page.getByRole('button', { name: 'Try on past events' }).click();
    const dialog = page.getByTestId('try-draft-dialog');
    await eventually(() => dialog.getByTestId('try-event-row').count()).toBe(2);
    await expect.poll(() => dialog.textContent()).toContain('Tell the shop (HTTP request)');
    await dialog.getByLabel('Pick all').check();
    await eventually(() => dialog.getByTestId('try-selected-count').textContent()).toBe('2 of at most 20 picked');
    await screenshot(page, '40-try-draft-pick');

    await dialog.getByRole('button', { name: 'Try draft' }).click();
    await dialog.getByTestId('try-results').waitFor();
    await eventually(() => dialog.getByTestId('try-verdict-shape').textContent()).toBe('Changed');
    expect(await dialog.getByTestId('try-verdict-incoming').textContent()).toBe('Unchanged');
    expect(await dialog.getByTestId('try-node-notify').textContent()).toContain('not sent');
    // The newest event is shown first: 25 then, 50 on the draft.
    await dialog.getByTestId('try-node-shape').click();
    const diff = dialog.getByTestId('try-node-detail').getByTestId('try-diff');
    await eventually(() => diff.locator('tbody tr').allTextContents()).toEqual(['$.total2550']);
    expect(await diff.locator('.diff-before').textContent()).toBe('25');
    expect(await diff.locator('.diff-after').textContent()).toBe('50');
    await screenshot(page, '41-try-draft-diff');
    await dialog.getByTestId('try-node-notify').click();
    await eventually(() => dialog.getByTestId('try-node-detail').textContent()).toContain('Not sent in this try');
    await dialog.getByTestId('try-node-detail').getByText('What it would send', { exact: true }).click();
    await screenshot(page, '43-try-draft-not-sent');
    expect(receiver.requests).toHaveLength(2);

    // Now really send, for one event only.
    await dialog.getByRole('button', { name: 'Pick other events' }).click();
    await dialog.getByLabel('Pick all').uncheck();
    await dialog.getByTestId('try-event-row').first().click();
    await dialog.getByLabel('Really send them (allow side effects)').check();
    await eventually(() => dialog.getByRole('alert').textContent()).toContain('will really call services');
    await screenshot(page, '42-try-draft-allow-side-effects');
    await dialog.getByRole('button', { name: 'Try draft' }).click();
    await dialog.getByTestId('try-results').waitFor();
    await eventually(() => receiver.requests.length).toBe(3);
    expect(JSON.parse(receiver.requests[2]?.body ?? '')).toEqual({ orderId: 2, total: 50 });
    expect(await dialog.getByTestId('try-node-notify').textContent()).not.toContain('not sent');

    await dialog.getByRole('button', { name: 'Close' }).click();
    await eventually(() => dialog.count()).toBe(0);
    // The tries left no execution behind.
    const executions: { items: unknown[] } = await (await weft.api('/api/executions?flowId=live-orders')).json();
    expect(executions.items).toHaveLength(2);
    expect(errors()).toEqual([]);
  }, 90_000);
});
