import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export type { Browser, CDPSession, Page } from 'playwright-core';

/**
 * Debian's Chromium, headless; tests and benchmarks never download a browser of their own. Kept
 * apart from browser.ts (which uses vitest) so bench/ can drive the editor too.
 */
export function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.WEFT_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(`the editor's browser tests need Chromium at ${executablePath}: apt-get install -y chromium (as .ci/run does), or set WEFT_CHROMIUM`);
  }
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}
