import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { eventually, openPage, screenshot, signIn, startBrowserSession } from './browser.ts';

const session = startBrowserSession();

const flow = {
  formatVersion: 1,
  id: 'expressions',
  name: 'Expressions and mapping',
  nodes: [
    { id: 'webhook', type: 'core.webhook', typeVersion: 1, params: {}, position: { x: 0, y: 120 } },
    { id: 'filter', type: 'core.filter', typeVersion: 1, params: {}, position: { x: 260, y: 120 } },
    { id: 'map', type: 'core.map', typeVersion: 1, params: {}, position: { x: 520, y: 120 } },
  ],
  edges: [
    { from: { node: 'webhook', port: 'out' }, to: { node: 'filter', port: 'in' } },
    { from: { node: 'filter', port: 'true' }, to: { node: 'map', port: 'in' } },
  ],
};

const event = { body: { customer: { email: 'ada@example.com', name: 'Ada Lovelace' }, total: 59.8, status: 'paid' } };

async function typeInto(page: Page, selector: string, text: string): Promise<void> {
  await page.locator(selector).click();
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
}

describe('expressions and the mapping view', () => {
  it('marks errors, previews against the sample, completes paths from the keyboard, and maps by drag and drop', async () => {
    await session.weft.api('/api/flows/import', { body: flow });
    const { page, errors } = await openPage(session.browser);
    await signIn(page, session.weft.url);
    await page.goto(`${session.weft.url}/#/flows/expressions`);
    await page.getByTestId('node-map').waitFor();

    // The test event is the sample every expression is previewed against.
    await page.getByRole('tab', { name: 'Test run' }).click();
    await page.getByLabel('Test event (JSON)').fill(JSON.stringify(event, null, 2));

    await page.getByTestId('node-filter').click();
    const condition = page.getByTestId('field-condition');
    const editor = '#param-filter-condition';
    await typeInto(page, editor, '$.body.total >');
    await eventually(() => condition.getByTestId('expression-error').textContent()).toContain('Unexpected end of expression');
    expect(await condition.locator('.tok-error-end').count()).toBe(1);
    expect(await condition.getByTestId('expression-preview').count()).toBe(0);
    await screenshot(page, '30-expression-error');

    await page.keyboard.type(' 50');
    expect(await condition.getByTestId('expression-error').count()).toBe(0);
    await eventually(() => condition.getByTestId('expression-preview').textContent()).toContain('true');
    expect(await condition.locator('.tok-name').allTextContents()).toEqual(['body', 'total']);

    // Completion from the keyboard: the list follows the sample's fields.
    await typeInto(page, editor, '$.body.cu');
    await condition.getByRole('option', { name: /^customer/ }).waitFor();
    await page.keyboard.press('Enter');
    expect(await page.locator(editor).inputValue()).toBe('$.body.customer');
    await page.keyboard.type('.');
    await eventually(() => condition.getByRole('option').allTextContents()).toEqual(['email"ada@example.com"', 'name"Ada Lovelace"']);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    expect(await page.locator(editor).inputValue()).toBe('$.body.customer.name');
    expect(await condition.getByRole('option').count()).toBe(0);
    await eventually(() => condition.getByTestId('expression-preview').textContent()).toContain('"Ada Lovelace"');
    await typeInto(page, editor, '$.body.');
    await eventually(() => condition.getByRole('option').count()).toBe(3);
    await page.keyboard.press('Escape');
    expect(await condition.getByRole('option').count()).toBe(0);
    expect(await page.locator(editor).inputValue()).toBe('$.body.');
    await typeInto(page, editor, '$.body.status = "paid"');
    await eventually(() => condition.getByTestId('expression-preview').textContent()).toContain('true');
    await screenshot(page, '31-expression-preview');

    // The mapping view: drag from the sample's fields onto the output fields.
    await page.getByTestId('node-map').click();
    const mapping = page.getByTestId('mapping-view');
    await mapping.getByRole('button', { name: 'Unfold $.body.customer' }).click();
    await page.dragAndDrop('[aria-label="$.body.customer.email"]', '[data-testid="mapping-new-field"]');
    expect(await mapping.getByLabel('Output field').inputValue()).toBe('email');
    expect(await mapping.getByLabel('Value of email').inputValue()).toBe('=$.body.customer.email');
    await eventually(() => page.getByTestId('mapping-target-0').getByTestId('expression-preview').textContent()).toContain('"ada@example.com"');

    await mapping.getByRole('button', { name: '+ Add field' }).click();
    await mapping.getByLabel('Output field').nth(1).fill('amount');
    await mapping.getByRole('button', { name: 'Unfold $trigger', exact: true }).click();
    await page.dragAndDrop('[aria-label="$trigger.body.total"]', '[data-testid="mapping-target-1"]');
    expect(await mapping.getByLabel('Value of amount').inputValue()).toBe('=$trigger.body.total');
    await eventually(() => page.getByTestId('mapping-target-1').getByTestId('expression-preview').textContent()).toContain('59.8');

    // Without a mouse: pick the target, then the source.
    await mapping.getByRole('button', { name: '+ Add field' }).click();
    await mapping.getByLabel('Output field').nth(2).fill('customerName');
    await mapping.getByRole('button', { name: 'Map the next source I pick into customerName' }).focus();
    await page.keyboard.press('Enter');
    await mapping.getByRole('button', { name: '$.body.customer.name', exact: true }).focus();
    await page.keyboard.press('Enter');
    expect(await mapping.getByLabel('Value of customerName').inputValue()).toBe('=$.body.customer.name');
    await screenshot(page, '32-mapping-view');

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await eventually(() => page.getByTestId('notice').textContent()).toContain('Saved.');
    const saved: { document: { nodes: { id: string; params: Record<string, unknown> }[] } } = await (await session.weft.api('/api/flows/expressions')).json();
    expect(saved.document.nodes.find((node) => node.id === 'filter')?.params).toEqual({ condition: '=$.body.status = "paid"' });
    expect(saved.document.nodes.find((node) => node.id === 'map')?.params).toEqual({
      output: { email: '=$.body.customer.email', amount: '=$trigger.body.total', customerName: '=$.body.customer.name' },
    });

    await page.getByRole('tab', { name: 'Test run' }).click();
    await page.getByRole('button', { name: 'Run test' }).click();
    await eventually(() => page.getByTestId('node-status-map').textContent()).toBe('succeeded');
    await page.getByRole('tab', { name: 'Step' }).click();
    await page.getByLabel('Raw Output').check();
    expect(JSON.parse((await page.getByTestId('step-output').textContent()) ?? '')).toEqual({ email: 'ada@example.com', amount: 59.8, customerName: 'Ada Lovelace' });
    await screenshot(page, '33-mapped-test-run');

    expect(errors()).toEqual([]);
  }, 120_000);

  it('edits switch cases and edit-fields operations as rows, each expression with its own editor and preview', async () => {
    await session.weft.api('/api/flows/import', {
      body: {
        formatVersion: 1,
        id: 'rows',
        name: 'Rows of settings',
        nodes: [
          { id: 'webhook', type: 'core.webhook', typeVersion: 1, params: {}, position: { x: 0, y: 120 } },
          { id: 'route', type: 'core.switch', typeVersion: 1, params: {}, position: { x: 260, y: 0 } },
          { id: 'tidy', type: 'core.set', typeVersion: 1, params: {}, position: { x: 260, y: 260 } },
        ],
        edges: [
          { from: { node: 'webhook', port: 'out' }, to: { node: 'route', port: 'in' } },
          { from: { node: 'webhook', port: 'out' }, to: { node: 'tidy', port: 'in' } },
        ],
      },
    });
    const { page, errors } = await openPage(session.browser);
    await signIn(page, session.weft.url);
    await page.goto(`${session.weft.url}/#/flows/rows`);
    await page.getByTestId('node-route').waitFor();
    await page.getByRole('tab', { name: 'Test run' }).click();
    await page.getByLabel('Test event (JSON)').fill(JSON.stringify(event, null, 2));

    // Switch cases: each row is a form; its condition opens in the JSONata editor.
    await page.getByTestId('node-route').click();
    const cases = page.getByTestId('field-cases');
    await cases.getByRole('button', { name: '+ Add case' }).click();
    await page.locator('#param-route-cases-0-label').fill('paid');
    await typeInto(page, '#param-route-cases-0-when', '$.body.status = "paid"');
    await eventually(() => page.getByTestId('field-cases-0-when').getByTestId('expression-preview').textContent()).toContain('true');
    await cases.getByRole('button', { name: '+ Add case' }).click();
    // A new case takes the next free output.
    expect(await page.locator('#param-route-cases-1-port').inputValue()).toBe('case2');
    await typeInto(page, '#param-route-cases-1-when', '$.body.total > 100');
    await eventually(() => page.getByTestId('field-cases-1-when').getByTestId('expression-preview').textContent()).toContain('false');
    await cases.getByRole('button', { name: 'Move case 2 up' }).click();
    expect(await page.locator('#param-route-cases-0-port').inputValue()).toBe('case2');
    expect(await page.locator('#param-route-cases-1-label').inputValue()).toBe('paid');
    await screenshot(page, '34-switch-cases');

    // Edit-fields operations: several kinds of row, told apart by a kind picker.
    await page.getByTestId('node-tidy').click();
    const operations = page.getByTestId('field-operations');
    await operations.getByRole('button', { name: '+ Add operation' }).click();
    await page.locator('#param-tidy-operations-0-path').fill('email');
    await typeInto(page, '#param-tidy-operations-0-value', '$.body.customer.email');
    await eventually(() => page.getByTestId('field-operations-0-value').getByTestId('expression-preview').textContent()).toContain('"ada@example.com"');
    await operations.getByRole('button', { name: '+ Add operation' }).click();
    await operations.getByLabel('Kind of operation 2').selectOption({ label: 'Remove a field' });
    await page.locator('#param-tidy-operations-1-path').fill('body');
    await operations.getByRole('button', { name: '+ Add operation' }).click();
    await operations.getByRole('button', { name: 'Remove operation 3' }).click();
    expect(await operations.getByRole('group').count()).toBe(2);
    await screenshot(page, '35-edit-fields-operations');

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await eventually(() => page.getByTestId('notice').textContent()).toContain('Saved.');
    const saved: { document: { nodes: { id: string; params: Record<string, unknown> }[] } } = await (await session.weft.api('/api/flows/rows')).json();
    expect(saved.document.nodes.find((node) => node.id === 'route')?.params).toEqual({
      cases: [
        { port: 'case2', when: '=$.body.total > 100' },
        { port: 'case1', label: 'paid', when: '=$.body.status = "paid"' },
      ],
    });
    expect(saved.document.nodes.find((node) => node.id === 'tidy')?.params).toEqual({
      operations: [
        { op: 'set', path: 'email', value: '=$.body.customer.email' },
        { op: 'remove', path: 'body' },
      ],
    });

    await page.getByRole('tab', { name: 'Test run' }).click();
    await page.getByRole('button', { name: 'Run test' }).click();
    await eventually(() => page.getByTestId('node-status-tidy').textContent()).toBe('succeeded');
    await page.getByRole('tab', { name: 'Step' }).click();
    await page.getByLabel('Raw Output').check();
    expect(JSON.parse((await page.getByTestId('step-output').textContent()) ?? '')).toEqual({ email: 'ada@example.com' });
    expect(await page.getByTestId('node-status-route').textContent()).toBe('succeeded');
    expect(errors()).toEqual([]);
  }, 120_000);
});
