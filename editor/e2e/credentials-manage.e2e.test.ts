import { type LoopbackServer, startLoopbackServer } from '../../nodes/sdk/testing/index.ts';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWeft, type TestWeft } from '../../server/testing/test-weft.ts';
import { eventually, launchBrowser, openPage, screenshot, signIn } from './browser.ts';

let weft: TestWeft;
let browser: Browser;
let receiver: LoopbackServer;

const FIRST_KEY = 'key-first-7c1d9e0b';
const SECOND_KEY = 'key-second-52aa81f3';

beforeAll(async () => {
  [weft, browser, receiver] = await Promise.all([startTestWeft(), launchBrowser(), startLoopbackServer()]);
});
afterAll(async () => {
  await browser?.close();
  await receiver?.close();
  await weft?.stop();
});

async function createCredential(name: string, values: Record<string, string>): Promise<string> {
  const response = await weft.api('/api/credentials', { body: { type: 'core.apiKey', name, values } });
  expect(response.status).toBe(201);
  return (await response.json()).id;
}

/** manual → HTTP GET to the loopback receiver, signed with the credential. */
async function importFlowUsing(flowId: string, credentialId: string): Promise<void> {
  const document = {
    formatVersion: 1,
    id: flowId,
    name: 'Calls the partner API',
    nodes: [
      { id: 'start', type: 'core.manual', typeVersion: 1, params: {} },
      { id: 'call', type: 'core.http', typeVersion: 1, params: { method: 'GET', url: `${receiver.url}/partner` }, credentials: { auth: credentialId } },
    ],
    edges: [{ from: { node: 'start', port: 'out' }, to: { node: 'call', port: 'in' } }],
  };
  expect((await weft.api('/api/flows/import', { body: document })).status).toBe(201);
}

/** Runs the flow and answers with the API key header the receiver got. */
async function keySent(): Promise<string | undefined> {
  const execution = await (await weft.api('/api/flows/calls-partner/run', { body: { payload: {} } })).json();
  expect(execution.status).toBe('succeeded');
  return receiver.requests.at(-1)?.headers['x-partner-key'];
}

describe('managing credentials', () => {
  it('lists credentials with where they are used, renames one and replaces its secret without showing it', async () => {
    const usedId = await createCredential('Partner API', { headerName: 'X-Partner-Key', key: FIRST_KEY });
    await createCredential('Spare key', { key: 'spare-0000' });
    await importFlowUsing('calls-partner', usedId);
    expect(await keySent()).toBe(FIRST_KEY);

    const { page, errors } = await openPage(browser);
    await signIn(page, weft.url);
    await page.getByRole('link', { name: 'Credentials' }).click();
    await page.getByRole('heading', { name: 'Credentials', exact: true }).waitFor();
    const row = page.getByTestId(`credential-row-${usedId}`);
    await eventually(() => row.textContent()).toContain('Calls the partner API');
    expect(await row.textContent()).toContain('API key');
    await screenshot(page, '60-credentials-list');

    // Rename only: the secret is left as it is.
    await row.getByRole('button', { name: 'Edit' }).click();
    const form = page.getByTestId('credential-edit-form');
    expect(await form.getByLabel('Credential name').inputValue()).toBe('Partner API');
    expect(await form.getByLabel('Header name').inputValue()).toBe('X-Partner-Key');
    expect(await form.getByLabel('Key').inputValue()).toBe('');
    expect(await form.getByLabel('Key').getAttribute('type')).toBe('password');
    expect(await form.getByLabel('Key').getAttribute('placeholder')).toContain('Set');
    await form.getByLabel('Credential name').fill('Partner API (production)');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await eventually(() => row.textContent()).toContain('Partner API (production)');
    expect(await keySent()).toBe(FIRST_KEY);

    // Replace the secret: the next run sends the new one.
    await row.getByRole('button', { name: 'Edit' }).click();
    await form.getByLabel('Key').fill(SECOND_KEY);
    await screenshot(page, '61-credential-edit');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await eventually(() => form.count()).toBe(0);
    expect(await keySent()).toBe(SECOND_KEY);
    const stored = await (await weft.api(`/api/credentials/${usedId}`)).json();
    expect(stored).toMatchObject({ name: 'Partner API (production)', fields: { key: { set: true }, headerName: { value: 'X-Partner-Key' } } });

    const html = await page.content();
    expect(html).not.toContain(FIRST_KEY);
    expect(html).not.toContain(SECOND_KEY);
    expect(errors()).toEqual([]);
  }, 60_000);

  it('deletes a credential after a confirmation that names the steps using it', async () => {
    const doomedId = await createCredential('Old partner key', { key: 'old-0000' });
    const unusedId = await createCredential('Never used', { key: 'unused-0000' });
    await importFlowUsing('uses-old-key', doomedId);

    const { page, errors } = await openPage(browser);
    await signIn(page, weft.url);
    await page.goto(`${weft.url}/#/credentials`);
    const doomedRow = page.getByTestId(`credential-row-${doomedId}`);
    await eventually(() => doomedRow.textContent()).toContain('Calls the partner API');

    // Cancelling keeps it.
    await doomedRow.getByRole('button', { name: 'Delete' }).click();
    await eventually(() => page.getByTestId('credential-in-use').textContent()).toContain('Calls the partner API');
    expect(await page.getByTestId('credential-in-use').textContent()).toContain('call');
    await screenshot(page, '62-credential-delete-confirm');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    expect((await weft.api(`/api/credentials/${doomedId}`)).status).toBe(200);

    await doomedRow.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Delete credential' }).click();
    await eventually(() => doomedRow.count()).toBe(0);
    expect((await weft.api(`/api/credentials/${doomedId}`)).status).toBe(404);

    // One nobody uses says so.
    const unusedRow = page.getByTestId(`credential-row-${unusedId}`);
    await eventually(() => unusedRow.textContent()).toContain('No flow');
    await unusedRow.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByText('No flow uses it.').waitFor();
    await page.getByRole('button', { name: 'Delete credential' }).click();
    await eventually(() => unusedRow.count()).toBe(0);
    expect(errors()).toEqual([]);
  }, 60_000);

  it('connects a credential with a rate limit, then changes and removes the limit', async () => {
    const { page, errors } = await openPage(browser);
    await signIn(page, weft.url);
    await page.goto(`${weft.url}/#/credentials`);
    await page.getByRole('button', { name: '+ Connect a credential' }).click();
    const form = page.getByTestId('credential-form');
    await form.getByLabel('Kind').selectOption('core.apiKey');
    await form.getByLabel('Credential name').fill('Shop API');
    await form.getByLabel('Key').fill('shop-key-0000');
    await form.getByLabel('Limit how often steps call with this credential').check();
    // Numbers Weft would refuse are explained before saving.
    await form.getByLabel('Requests').fill('0');
    await form.getByLabel('Seconds').fill('1');
    expect(await form.getByTestId('rate-limit').textContent()).toContain('Requests must be a whole number from 1 to 10,000.');
    expect(await form.getByRole('button', { name: 'Save credential' }).isDisabled()).toBe(true);
    await form.getByLabel('Requests').fill('2');
    await screenshot(page, '63-credential-rate-limit');
    await form.getByRole('button', { name: 'Save credential' }).click();
    await eventually(() => form.count()).toBe(0);

    const listed: { items: { id: string; name: string; rateLimit: unknown }[] } = await (await weft.api('/api/credentials')).json();
    const created = listed.items.find((item) => item.name === 'Shop API');
    expect(created?.rateLimit).toEqual({ requests: 2, perSeconds: 1 });
    const row = page.getByTestId(`credential-row-${created?.id}`);
    await eventually(() => row.getByTestId('credential-rate-limit').textContent()).toBe('at most 2 requests per second');

    await row.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByTestId('credential-edit-form');
    expect(await edit.getByLabel('Limit how often steps call with this credential').isChecked()).toBe(true);
    expect([await edit.getByLabel('Requests').inputValue(), await edit.getByLabel('Seconds').inputValue()]).toEqual(['2', '1']);
    await edit.getByLabel('Requests').fill('100');
    await edit.getByLabel('Seconds').fill('60');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await eventually(() => row.getByTestId('credential-rate-limit').textContent()).toBe('at most 100 requests per 60 seconds');
    expect((await (await weft.api(`/api/credentials/${created?.id}`)).json()).rateLimit).toEqual({ requests: 100, perSeconds: 60 });

    await row.getByRole('button', { name: 'Edit' }).click();
    await edit.getByLabel('Limit how often steps call with this credential').uncheck();
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await eventually(() => row.getByTestId('credential-rate-limit').count()).toBe(0);
    expect((await (await weft.api(`/api/credentials/${created?.id}`)).json()).rateLimit).toBeNull();
    expect(errors()).toEqual([]);
  }, 60_000);
});
