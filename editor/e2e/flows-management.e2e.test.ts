import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { eventually, openPage, screenshot, signIn, startBrowserSession } from './browser.ts';

const session = startBrowserSession();

const greeter = (id: string, name = 'Greeter') => ({
  formatVersion: 1,
  id,
  name,
  nodes: [
    { id: 'start', type: 'core.manual', typeVersion: 1, params: {}, position: { x: 0, y: 0 } },
    { id: 'greet', type: 'core.map', typeVersion: 1, params: { output: { greeting: '="Hello, " & $.name' } }, position: { x: 300, y: 0 } },
  ],
  edges: [{ from: { node: 'start', port: 'out' }, to: { node: 'greet', port: 'in' } }],
});

async function flowName(id: string): Promise<string> {
  const flow: { name: string } = await (await session.weft.api(`/api/flows/${id}`)).json();
  return flow.name;
}

describe('managing flows in the editor', () => {
  it('sends a rejected token back to sign-in with a clear message', async () => {
    const { page, errors } = await openPage(session.browser, [401]);
    await page.goto(`${session.weft.url}/`);
    await page.evaluate(() => localStorage.setItem('weft.apiToken', 'an-old-token-that-was-revoked'));
    await page.reload();
    await eventually(() => page.getByRole('alert').textContent()).toContain('did not accept your API token');
    await screenshot(page, '10-sign-in-rejected');
    await signIn(page, session.weft.url);
    expect(errors()).toEqual([]);
  }, 60_000);

  it('creates, searches, renames and deletes flows from the list', async () => {
    await session.weft.api('/api/flows/import', { body: greeter('listed', 'Customer greeter') });
    const { page, errors } = await openPage(session.browser);
    await signIn(page, session.weft.url);
    await page.getByTestId('flow-row-listed').waitFor();

    await page.getByLabel('Search flows').fill('nothing like this');
    await page.getByText('No flow matches').waitFor();
    await page.getByLabel('Search flows').fill('customer');
    await page.getByTestId('flow-row-listed').waitFor();

    await page.getByTestId('flow-row-listed').getByRole('button', { name: 'Rename' }).click();
    await page.getByRole('textbox', { name: 'Name' }).fill('Welcome new customers');
    await page.getByRole('button', { name: 'Rename', exact: true }).last().click();
    await eventually(() => page.getByTestId('flow-row-listed').textContent()).toContain('Welcome new customers');
    expect(await flowName('listed')).toBe('Welcome new customers');

    await page.getByTestId('flow-row-listed').getByRole('button', { name: 'Duplicate' }).click();
    await page.getByLabel('Search flows').fill('');
    await eventually(() => page.getByTestId('flow-row-listed-copy').textContent()).toContain('Copy of Welcome new customers');

    await page.getByTestId('flow-row-listed').getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Delete this flow?' }).waitFor();
    await screenshot(page, '11-delete-confirm');
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await eventually(() => page.getByTestId('flow-row-listed').count()).toBe(0);
    expect((await session.weft.api('/api/flows/listed')).status).toBe(404);
    expect(errors()).toEqual([]);
  }, 60_000);

  it('imports pasted JSON and files, shows what is wrong and where, and exports a flow', async () => {
    // 422: the malformed document; 409: importing a flow id that exists.
    const { page, errors } = await openPage(session.browser, [422, 409]);
    await signIn(page, session.weft.url);

    await page.getByRole('button', { name: 'Import' }).click();
    const broken = { ...greeter('broken'), nodes: [{ id: '1bad', type: 'core.map', typeVersion: 1, params: {}, colour: 'red' }], edges: [] };
    await page.getByLabel('Flow JSON').fill(JSON.stringify(broken));
    await page.getByRole('button', { name: 'Import', exact: true }).last().click();
    await page.getByTestId('import-problems').waitFor();
    const listed = (await page.getByTestId('import-problems').textContent()) ?? '';
    expect(listed).toContain('nodes[0].id');
    expect(listed).toContain('nodes[0].colour');
    await screenshot(page, '12-import-problems');

    // A well-formed draft that cannot run yet is imported, with its problems listed.
    const noTrigger = { ...greeter('halfway', 'Half built'), nodes: [greeter('x').nodes[1]], edges: [] };
    await page.getByLabel('Flow file').setInputFiles({ name: 'halfway.flow.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(noTrigger)) });
    await eventually(() => page.getByLabel('Flow JSON').inputValue()).toContain('halfway');
    await page.getByRole('button', { name: 'Import', exact: true }).last().click();
    await page.getByRole('dialog', { name: 'Flow imported, with things to fix' }).waitFor();
    expect(await page.getByRole('dialog').textContent()).toContain('trigger');
    await page.getByRole('button', { name: 'Open the flow' }).click();
    await page.getByTestId('problems-panel').waitFor();
    await screenshot(page, '13-imported-with-problems');

    // A sound flow opens straight away; export gives back the canonical document.
    await page.getByRole('link', { name: '← Flows' }).click();
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByLabel('Flow JSON').fill(JSON.stringify(greeter('greeter')));
    await page.getByRole('button', { name: 'Import', exact: true }).last().click();
    await page.getByTestId('node-greet').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export' }).click()]);
    expect(download.suggestedFilename()).toBe('greeter.flow.json');
    const exported = await readFile((await download.path()) ?? '', 'utf8');
    expect(exported).toBe(await (await session.weft.api('/api/flows/greeter/export')).text());
    expect(JSON.parse(exported)).toMatchObject({ id: 'greeter', nodes: [{ id: 'start' }, { id: 'greet' }] });

    // Importing it again is refused with a way out.
    await page.getByRole('link', { name: '← Flows' }).click();
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByLabel('Flow JSON').fill(exported);
    await page.getByRole('button', { name: 'Import', exact: true }).last().click();
    await eventually(() => page.getByTestId('import-error').textContent()).toContain('change the "id"');
    expect(errors()).toEqual([]);
  }, 60_000);

  it('never loses an edit silently when someone else saved first: reload or overwrite', async () => {
    await session.weft.api('/api/flows/import', { body: greeter('shared', 'Shared flow') });
    const { page, errors } = await openPage(session.browser, [409]);
    await signIn(page, session.weft.url);
    await page.goto(`${session.weft.url}/#/flows/shared`);
    await page.getByTestId('node-greet').waitFor();

    const theirs = await session.weft.api('/api/flows/shared', { method: 'PUT', body: { document: greeter('shared', 'Their name'), baseRevision: 1 } });
    expect(theirs.status).toBe(200);
    await page.getByLabel('Flow name').fill('My name');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('dialog', { name: 'Someone else saved this flow' }).waitFor();
    await screenshot(page, '14-conflict');
    await page.getByRole('button', { name: 'Overwrite' }).click();
    await eventually(() => page.getByTestId('notice').textContent()).toContain('Saved.');
    expect(await flowName('shared')).toBe('My name');

    const current: { draftRevision: number } = await (await session.weft.api('/api/flows/shared')).json();
    await session.weft.api('/api/flows/shared', { method: 'PUT', body: { document: greeter('shared', 'Their second name'), baseRevision: current.draftRevision } });
    await page.getByLabel('Flow name').fill('My second name');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('dialog', { name: 'Someone else saved this flow' }).waitFor();
    await page.getByRole('button', { name: 'Reload' }).click();
    await eventually(() => page.getByLabel('Flow name').inputValue()).toBe('Their second name');
    expect(await flowName('shared')).toBe('Their second name');
    expect(errors()).toEqual([]);
  }, 60_000);
});
