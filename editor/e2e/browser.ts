import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { startTestWeft, TEST_TOKEN, type TestWeft } from '../../server/testing/test-weft.ts';
import { launchBrowser } from './chromium.ts';

export { launchBrowser };

/** A test Weft and Chromium, shared by the tests of one file. */
export interface BrowserSession {
  readonly weft: TestWeft;
  readonly browser: Browser;
}

/** Starts a test Weft and Chromium before the file's tests, and stops both after them. */
export function startBrowserSession(): BrowserSession {
  let started: { weft: TestWeft; browser: Browser } | undefined;
  beforeAll(async () => {
    const [weft, browser] = await Promise.all([startTestWeft(), launchBrowser()]);
    started = { weft, browser };
  });
  afterAll(async () => {
    await started?.browser.close();
    await started?.weft.stop();
  });
  const ready = () => {
    if (started === undefined) throw new Error('the browser session is started in beforeAll, before any test');
    return started;
  };
  return {
    get weft() {
      return ready().weft;
    },
    get browser() {
      return ready().browser;
    },
  };
}

const screenshotDir = join(import.meta.dirname, '..', '..', '.test-artifacts', 'screenshots');

export interface WatchedPage {
  page: Page;
  /** Console errors and uncaught exceptions seen so far, except the HTTP statuses the test expects. */
  errors(): string[];
}

/**
 * A 1280×800 page whose console is watched. Chromium logs every 4xx/5xx answer as a console error;
 * the statuses a test provokes on purpose (a 401 at sign-in, a 409 conflict) are listed in `expectedStatuses`.
 */
export async function openPage(browser: Browser, expectedStatuses: number[] = []): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  const expected = (text: string) => expectedStatuses.some((status) => text.includes(`status of ${status}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !expected(message.text())) errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  return { page, errors: () => [...errors] };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
}

/** Signs in through the form, as a person would. */
export async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByLabel('API token').fill(TEST_TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Flows', exact: true }).waitFor();
}

/** Drags a palette entry onto the canvas at a point inside it. */
export async function dropStep(page: Page, type: string, x: number, y: number): Promise<void> {
  await page.dragAndDrop(`[data-testid="palette-${type}"]`, '[data-testid=canvas]', { targetPosition: { x, y } });
}

/** Draws an edge with the mouse from an output port to an input port (or to any point on a node). */
export async function wire(page: Page, from: { node: string; port: string }, to: { node: string; port?: string }): Promise<void> {
  const source = await page.locator(`.react-flow__handle.source[data-nodeid="${from.node}"][data-handleid="${from.port}"]`).boundingBox();
  const targetSelector = to.port === undefined ? `[data-testid="node-${to.node}"]` : `.react-flow__handle.target[data-nodeid="${to.node}"][data-handleid="${to.port}"]`;
  const target = await page.locator(targetSelector).boundingBox();
  if (source === null || target === null) throw new Error(`cannot find the ports of ${from.node} → ${to.node}`);
  await page.mouse.move(source.x + source.width / 2, source.y + source.height / 2);
  await page.mouse.down();
  await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 10 });
  await page.mouse.up();
}

/**
 * expect.poll with room to wait: the default second is too short when the whole suite shares two
 * cores with a browser. This waits for a state; it asserts nothing about how long it took.
 */
export function eventually<T>(read: () => Promise<T> | T) {
  return expect.poll(read, { timeout: 20_000, interval: 100 });
}
