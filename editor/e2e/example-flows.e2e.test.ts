import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { eventually, openPage, screenshot, signIn, startBrowserSession } from './browser.ts';

const flowsDir = join(import.meta.dirname, '..', '..', 'flows');

const session = startBrowserSession();

interface ExampleFlow {
  id: string;
  nodes: { id: string; type: string; params: Record<string, unknown> }[];
  edges: unknown[];
}

async function importFile(page: Page, name: string, text: string): Promise<void> {
  await page.getByRole('button', { name: 'Import' }).click();
  await page.getByLabel('Flow file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  await eventually(() => page.getByLabel('Flow JSON').inputValue()).not.toBe('');
  await page.getByRole('button', { name: 'Import', exact: true }).last().click();
}

describe('example flows and large flows in the editor', () => {
  it('imports every example flow from flows/ and shows it without problems', async () => {
    const { page, errors } = await openPage(session.browser);
    await signIn(page, session.weft.url);
    const files = (await readdir(flowsDir)).filter((file) => file.endsWith('.flow.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const text = await readFile(join(flowsDir, file), 'utf8');
      const flow: ExampleFlow = JSON.parse(text);
      await importFile(page, file, text);
      for (const node of flow.nodes) await page.getByTestId(`node-${node.id}`).waitFor();
      await eventually(() => page.locator('.react-flow__edge').count()).toBe(flow.edges.length);
      expect(await page.getByTestId('problems-panel').count()).toBe(0);
      await screenshot(page, `20-example-${flow.id}`);
      await page.getByRole('link', { name: '← Flows' }).click();
    }
    expect(errors()).toEqual([]);
  }, 90_000);

  it('points at each problem of a broken example: on the step, in the list, under the field', async () => {
    const { page, errors } = await openPage(session.browser);
    await signIn(page, session.weft.url);
    const flow: ExampleFlow = JSON.parse(await readFile(join(flowsDir, 'shopify-paid-order.flow.json'), 'utf8'));
    const broken = {
      ...flow,
      id: 'broken-shop',
      nodes: flow.nodes.map((node) => {
        if (node.id === 'onlyPaid') return { ...node, params: { condition: '=$.body.financial_status = ' } };
        if (node.id === 'orderSummary') return { ...node, params: { ...node.params, colour: 'red' } };
        if (node.id === 'forwardOrder') return { ...node, type: 'core.teleport' };
        return node;
      }),
    };
    await importFile(page, 'broken.flow.json', JSON.stringify(broken));
    await page.getByRole('dialog', { name: 'Flow imported, with things to fix' }).waitFor();
    await page.getByRole('button', { name: 'Open the flow' }).click();
    for (const id of ['onlyPaid', 'orderSummary', 'forwardOrder']) await page.getByTestId(`node-problem-${id}`).waitFor();
    expect(await page.getByTestId('problems-panel').textContent()).toContain('core.teleport');

    await page.getByTestId('problems-panel').getByRole('button', { name: /onlyPaid/ }).click();
    expect(await page.getByTestId('field-condition').textContent()).toContain('⚠');
    await page.getByTestId('problems-panel').getByRole('button', { name: /orderSummary/ }).click();
    await page.getByText('Unknown setting').waitFor();
    await screenshot(page, '21-broken-example');
    await page.getByRole('button', { name: 'Remove', exact: true }).click();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await eventually(() => page.getByTestId('problems-panel').textContent()).not.toContain('colour');
    expect(errors()).toEqual([]);
  }, 60_000);

  it('opens and edits a 200-step flow (figures printed, not asserted)', async () => {
    const count = 200;
    const nodes = [
      { id: 'start', type: 'core.manual', typeVersion: 1, params: {}, position: { x: 0, y: 0 } },
      ...Array.from({ length: count - 1 }, (_, index) => ({
        id: `step${index + 1}`,
        type: 'core.map',
        typeVersion: 1,
        // The last step, far off screen, has a setting its type does not know.
        params: index + 1 === count - 1 ? { output: '=$', colour: 'red' } : { output: '=$' },
        position: { x: ((index + 1) % 20) * 260, y: Math.floor((index + 1) / 20) * 140 },
      })),
    ];
    const edges = nodes.slice(1).map((node, index) => ({ from: { node: nodes[index]?.id ?? 'start', port: 'out' }, to: { node: node.id, port: 'in' } }));
    await session.weft.api('/api/flows/import', { body: { formatVersion: 1, id: 'large', name: 'Large flow', nodes, edges } });

    const { page, errors } = await openPage(session.browser);
    await signIn(page, session.weft.url);
    const opening = performance.now();
    await page.goto(`${session.weft.url}/#/flows/large`);
    // Every step is on the minimap; the canvas keeps only the steps on screen in the page.
    await eventually(() => page.locator('.react-flow__minimap-node').count()).toBe(count);
    await page.getByTestId('node-step110').waitFor();
    const opened = performance.now() - opening;
    expect(await page.locator('.react-flow__node').count()).toBeLessThan(count);

    // The flow is wider than the screen even zoomed out; step110 sits in the middle of the view.
    const box = await page.getByTestId('node-step110').boundingBox();
    if (box === null) throw new Error('step110 is not on screen');
    const dragging = performance.now();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 + 110, { steps: 30 });
    await page.mouse.up();
    const dragged = performance.now() - dragging;
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await eventually(() => page.getByTestId('notice').textContent()).toContain('Saved as a draft');
    const saved: { document: { nodes: { id: string; position: { y: number } }[] } } = await (await session.weft.api('/api/flows/large')).json();
    expect(saved.document.nodes.find((node) => node.id === 'step110')?.position.y).toBeGreaterThan(700);
    await screenshot(page, '22-large-flow');

    // The problem list brings an off-screen step into view (only steps on screen are drawn).
    expect(await page.getByTestId('node-step199').count()).toBe(0);
    await page.getByTestId('problems-panel').getByRole('button', { name: /step199/ }).click();
    await page.getByTestId('node-step199').waitFor();
    await page.getByText('Unknown setting').waitFor();
    console.info(`200-step flow: opened and drawn in ${Math.round(opened)} ms; a 30-move drag took ${Math.round(dragged)} ms`);
    expect(errors()).toEqual([]);
  }, 90_000);
});
