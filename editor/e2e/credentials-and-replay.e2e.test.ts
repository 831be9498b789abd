import { createServer } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestWeft, type TestWeft } from '../../server/testing/test-weft.ts';
import { eventually, launchBrowser, openPage, screenshot, signIn } from './browser.ts';

let weft: TestWeft;
let browser: Browser;
let echo: EchoReceiver;

/** A loopback endpoint that answers with whether an Authorization header arrived, or fails with 400 while `failing`. */
interface EchoReceiver {
  url: string;
  failing: boolean;
  close(): Promise<void>;
}

async function startEchoReceiver(): Promise<EchoReceiver> {
  const state = { failing: false };
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      if (state.failing) {
        response.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"not yet"}');
        return;
      }
      const authorization = request.headers.authorization;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ authorized: authorization === `Bearer ${SECRET}`, sawHeader: authorization !== undefined }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the echo receiver has no TCP address');
  return Object.assign(state, {
    url: `http://127.0.0.1:${address.port}/echo`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

const SECRET = 'sk-live-do-not-show-4f9a2c';

beforeAll(async () => {
  [weft, browser, echo] = await Promise.all([startTestWeft(), launchBrowser(), startEchoReceiver()]);
});
afterAll(async () => {
  await browser?.close();
  await echo?.close();
  await weft?.stop();
});

/** webhook → http POST to the echo receiver, imported through the API. */
async function importFlow(id: string): Promise<void> {
  const document = {
    formatVersion: 1,
    id,
    name: id,
    nodes: [
      { id: 'incoming', type: 'core.webhook', typeVersion: 1, params: { path: id }, position: { x: 0, y: 0 } },
      { id: 'call', type: 'core.http', typeVersion: 1, params: { method: 'POST', url: echo.url, body: { hello: 'world' } }, position: { x: 300, y: 0 } },
    ],
    edges: [{ from: { node: 'incoming', port: 'out' }, to: { node: 'call', port: 'in' } }],
  };
  const response = await weft.api('/api/flows/import', { body: document });
  expect(response.status).toBe(201);
}

async function openEditor(page: Page, flowId: string): Promise<void> {
  await signIn(page, weft.url);
  await page.goto(`${weft.url}/#/flows/${flowId}`);
  await page.getByTestId('node-call').waitFor();
}

describe('credentials and replays in the editor', () => {
  it('connects a bearer credential through the picker, runs with it, and never shows the secret', async () => {
    const { page, errors } = await openPage(browser);
    await importFlow('with-credential');
    await openEditor(page, 'with-credential');
    await page.getByTestId('node-call').click();
    const picker = page.getByLabel('Credential: Auth');
    await eventually(() => picker.isEnabled()).toBe(true);
    await picker.selectOption({ label: 'Connect new…' });
    const form = page.getByTestId('credential-form');
    await form.getByLabel('Kind').selectOption({ label: 'Bearer token' });
    await form.getByLabel('Credential name').fill('Echo service');
    await expect.poll(() => form.getByLabel('Token').getAttribute('type')).toBe('password');
    await form.getByLabel('Token').fill(SECRET);
    await screenshot(page, '30-connect-credential');
    await form.getByRole('button', { name: 'Save credential' }).click();
    await eventually(() => form.count()).toBe(0);
    await eventually(() => picker.locator('option:checked').textContent()).toBe('Echo service (Bearer token)');

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await eventually(async () => (await (await weft.api('/api/flows/with-credential')).json()).document.nodes[1].credentials?.auth).toMatch(/.+/);

    await page.getByRole('tab', { name: 'Test run' }).click();
    await page.getByRole('button', { name: 'Run test' }).click();
    await eventually(() => page.getByTestId('node-status-call').textContent()).toBe('succeeded');
    await page.getByRole('tab', { name: 'Step' }).click();
    await page.getByLabel('Raw Output').check();
    expect(JSON.parse((await page.getByTestId('step-output').textContent()) ?? '').body).toEqual({ authorized: true, sawHeader: true });
    await screenshot(page, '31-credential-run');
    expect(await page.content()).not.toContain(SECRET);
    expect(await page.evaluate(() => document.body.innerHTML + JSON.stringify([...document.querySelectorAll('input')].map((input) => input.value)))).not.toContain(SECRET);

    // An optional slot can be cleared again.
    await page.getByLabel('Credential: Auth').selectOption({ label: 'None' });
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await eventually(async () => (await (await weft.api('/api/flows/with-credential')).json()).document.nodes[1].credentials).toBeUndefined();
    expect(errors()).toEqual([]);
  }, 60_000);

  it('replays a failed execution and retries it from the failed step once the receiver recovers', async () => {
    const { page, errors } = await openPage(browser);
    await importFlow('flaky-call');
    await openEditor(page, 'flaky-call');
    echo.failing = true;
    await page.getByRole('tab', { name: 'Test run' }).click();
    await page.getByRole('button', { name: 'Run test' }).click();
    await eventually(() => page.getByTestId('node-status-call').textContent()).toBe('failed');

    await page.getByRole('tab', { name: 'Executions' }).click();
    await page.getByTestId('execution-row').first().click();
    await page.getByTestId('execution-steps').waitFor();
    await page.getByRole('button', { name: 'Replay', exact: true }).click();
    await eventually(() => page.getByTestId('execution-row').count()).toBe(2);
    await eventually(() => page.getByTestId('notice').textContent()).toContain('The replay failed');
    await screenshot(page, '32-replay-failed');

    echo.failing = false;
    await page.getByRole('button', { name: 'Retry from failed step' }).click();
    await eventually(() => page.getByTestId('execution-row').count()).toBe(3);
    await eventually(() => page.getByTestId('node-status-call').textContent()).toBe('succeeded');
    expect(await page.locator('tr.is-open .status-badge').textContent()).toBe('succeeded');
    expect(await page.getByRole('button', { name: 'Retry from failed step' }).count()).toBe(0);
    await page.locator('.execution-step').last().locator('summary').first().click();
    await screenshot(page, '33-retried');
    expect(errors()).toEqual([]);
  }, 60_000);

  it('shows step output as a tree whose keys copy their path', async () => {
    const { page, errors } = await openPage(browser);
    await openEditor(page, 'with-credential');
    await page.getByRole('tab', { name: 'Test run' }).click();
    await page.getByRole('button', { name: 'Run test' }).click();
    await eventually(() => page.getByTestId('node-status-call').textContent()).toBe('succeeded');
    await page.getByTestId('node-call').click();
    const tree = page.getByTestId('step-output-tree');
    await tree.waitFor();
    await tree.getByRole('button', { name: 'sawHeader:' }).click();
    await eventually(() => page.getByTestId('notice').textContent()).toContain('$.body.sawHeader');
    await screenshot(page, '34-json-tree');
    await tree.getByRole('button', { name: 'body:' }).click();
    expect(errors()).toEqual([]);
  }, 60_000);
});
