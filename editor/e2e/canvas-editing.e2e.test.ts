import { describe, expect, it } from 'vitest';
import { eventually, openPage, screenshot, signIn, startBrowserSession } from './browser.ts';

const session = startBrowserSession();

interface SavedNode {
  id: string;
  type: string;
  params: Record<string, unknown>;
  position: { x: number; y: number };
}

async function savedNodes(flowId: string): Promise<SavedNode[]> {
  const flow: { document: { nodes: SavedNode[] } } = await (await session.weft.api(`/api/flows/${flowId}`)).json();
  return flow.document.nodes;
}

describe('editing on the canvas', () => {
  it('fills every kind of generated form field and saves what was chosen', async () => {
    const created: { id: string } = await (await session.weft.api('/api/flows', { body: { name: 'Form fields' } })).json();
    const { page, errors } = await openPage(session.browser);
    await signIn(page, session.weft.url);
    await page.goto(`${session.weft.url}/#/flows/${created.id}`);
    await page.getByTestId('canvas').waitFor();

    await page.getByTestId('palette-core.webhook').click();
    await page.getByTestId('field-methods').getByLabel('GET').check();
    await page.getByLabel('Answer', { exact: true }).selectOption('whenFinished');
    await page.getByLabel('Answer timeout (ms)', { exact: true }).fill('5000');
    await page.getByLabel('Sub-path', { exact: true }).fill('orders/paid');
    await eventually(() => page.getByTestId('webhook-url').textContent()).toContain(`/hooks/${created.id}/orders/paid`);

    await page.getByTestId('palette-core.schedule').click();
    await page.getByLabel('When (cron)', { exact: true }).fill('*/15 * * * *');
    await eventually(() => page.getByTestId('schedule-state').textContent()).toContain('Publish the flow to start this schedule');

    await page.getByTestId('palette-core.http').click();
    await page.getByLabel('URL', { exact: true }).fill('https://example.com/orders');
    await page.getByTestId('field-headers').getByRole('button', { name: '+ Add' }).click();
    await page.getByTestId('field-headers').getByLabel('Name').fill('X-Trace');
    await page.getByTestId('field-headers').getByLabel('Value').fill('=$.body.id');
    // Undo and redo reach the form too: typing into one field is one step.
    await page.getByTestId('field-headers').getByLabel('Value').blur();
    await page.keyboard.press('Control+z');
    await eventually(() => page.getByTestId('field-headers').getByLabel('Name').count()).toBe(0);
    await page.keyboard.press('Control+Shift+z');
    await eventually(() => page.getByTestId('field-headers').getByLabel('Value').inputValue()).toBe('=$.body.id');
    await page.getByLabel('Fail on HTTP error', { exact: true }).uncheck();
    await screenshot(page, '15-form-fields');

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await eventually(() => page.getByTestId('notice').textContent()).toContain('Saved');
    const nodes = await savedNodes(created.id);
    expect(nodes.find((node) => node.id === 'webhook')?.params).toEqual({
      methods: ['GET', 'POST'],
      responseMode: 'whenFinished',
      responseTimeoutMs: 5000,
      path: 'orders/paid',
    });
    expect(nodes.find((node) => node.id === 'http')?.params).toEqual({
      url: 'https://example.com/orders',
      headers: { 'X-Trace': '=$.body.id' },
      failOnHttpError: false,
    });
    expect(errors()).toEqual([]);
  }, 60_000);

  it('multi-selects, deletes, undoes, copies, pastes and tidies up', async () => {
    await session.weft.api('/api/flows/import', {
      body: {
        formatVersion: 1,
        id: 'tidy',
        name: 'Tidy me',
        nodes: [
          { id: 'start', type: 'core.manual', typeVersion: 1, params: {}, position: { x: 0, y: 0 } },
          { id: 'greet', type: 'core.map', typeVersion: 1, params: { output: '=$' }, position: { x: 40, y: 260 } },
        ],
        edges: [{ from: { node: 'start', port: 'out' }, to: { node: 'greet', port: 'in' } }],
      },
    });
    const { page, errors } = await openPage(session.browser);
    await signIn(page, session.weft.url);
    await page.goto(`${session.weft.url}/#/flows/tidy`);
    await page.getByTestId('node-greet').waitFor();

    await page.getByTestId('node-start').click();
    await page.getByTestId('node-greet').click({ modifiers: ['Shift'] });
    await page.getByText('Several steps are selected').waitFor();
    await page.keyboard.press('Delete');
    await eventually(() => page.locator('.react-flow__node').count()).toBe(0);
    await page.keyboard.press('Control+z');
    await eventually(() => page.locator('.react-flow__node').count()).toBe(2);
    await eventually(() => page.locator('.react-flow__edge').count()).toBe(1);

    await page.getByTestId('node-greet').click();
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await page.getByTestId('node-map').waitFor();

    // "+" on an output adds the next step, already connected.
    await page.getByTestId('node-greet').click();
    await page.getByRole('button', { name: 'Add a step after greet' }).click();
    await page.getByRole('dialog', { name: 'Add a step after greet' }).getByRole('button', { name: /HTTP request/ }).click();
    await page.getByTestId('node-http').waitFor();
    await eventually(() => page.locator('.react-flow__edge').count()).toBe(3);

    await page.getByRole('button', { name: 'Tidy up' }).click();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await eventually(() => page.getByTestId('notice').textContent()).toContain('Saved');
    const positions = Object.fromEntries((await savedNodes('tidy')).map((node) => [node.id, node.position]));
    expect(positions.greet?.x).toBeGreaterThan(positions.start?.x ?? Infinity);
    expect(positions.map).toBeDefined();
    expect(positions.http?.x).toBeGreaterThan(positions.greet?.x ?? Infinity);
    await screenshot(page, '16-tidied');

    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await screenshot(page, '17-shortcuts');
    await page.keyboard.press('Escape');

    // Leaving with unsaved edits asks first.
    await page.getByTestId('node-greet').click();
    await page.keyboard.press('Delete');
    await page.getByRole('link', { name: '← Flows' }).click();
    await page.getByRole('dialog', { name: 'Leave without saving?' }).waitFor();
    await page.getByRole('button', { name: 'Save and leave' }).click();
    await page.getByRole('heading', { name: 'Flows', exact: true }).waitFor();
    expect((await savedNodes('tidy')).map((node) => node.id)).not.toContain('greet');
    expect(errors()).toEqual([]);
  }, 60_000);

  it('lists published versions and restores an old one into the draft', async () => {
    const version = (greeting: string) => ({
      formatVersion: 1,
      id: 'versioned',
      name: 'Versioned',
      nodes: [
        { id: 'start', type: 'core.manual', typeVersion: 1, params: {}, position: { x: 0, y: 0 } },
        { id: 'greet', type: 'core.map', typeVersion: 1, params: { output: greeting }, position: { x: 300, y: 0 } },
      ],
      edges: [{ from: { node: 'start', port: 'out' }, to: { node: 'greet', port: 'in' } }],
    });
    await session.weft.api('/api/flows/import', { body: version('hello') });
    await session.weft.api('/api/flows/versioned/publish', { method: 'POST' });
    await session.weft.api('/api/flows/versioned', { method: 'PUT', body: { document: version('goodbye'), baseRevision: 1 } });
    await session.weft.api('/api/flows/versioned/publish', { method: 'POST' });

    const { page, errors } = await openPage(session.browser);
    await signIn(page, session.weft.url);
    await page.goto(`${session.weft.url}/#/flows/versioned`);
    await page.getByTestId('node-greet').waitFor();
    expect(await page.locator('.toolbar').textContent()).not.toContain('unpublished changes');
    await page.getByRole('tab', { name: 'Versions' }).click();
    await page.getByTestId('version-1').waitFor();
    expect(await page.getByTestId('version-2').textContent()).toContain('live');
    await screenshot(page, '18-versions');
    await page.getByTestId('version-1').getByRole('button', { name: 'Restore into draft' }).click();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await eventually(() => page.getByTestId('notice').textContent()).toContain('Saved');
    expect((await savedNodes('versioned')).find((node) => node.id === 'greet')?.params).toEqual({ output: 'hello' });
    expect(await page.locator('.toolbar').textContent()).toContain('draft has unpublished changes');
    await screenshot(page, '19-restored-version');

    await page.getByRole('button', { name: 'Unpublish' }).click();
    await page.getByRole('dialog', { name: 'Unpublish this flow?' }).getByRole('button', { name: 'Unpublish' }).click();
    await eventually(() => page.getByTestId('flow-status').textContent()).toBe('Draft');
    const flow: { publishedVersion: number | null } = await (await session.weft.api('/api/flows/versioned')).json();
    expect(flow.publishedVersion).toBeNull();
    expect(errors()).toEqual([]);
  }, 60_000);
});
