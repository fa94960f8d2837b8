import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

const ROOT = path.resolve(__dirname, '..', '..');

/** Debian's Chromium: the browser tests never download one of their own. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Set by scripts/test.mjs; when Jest runs alone, whether the browser is installed decides. */
export const chromiumState = (process.env.CRM_TEST_CHROMIUM ??
  (existsSync(CHROMIUM_PATH) ? 'available' : 'missing')) as 'available' | 'missing';

/** Browser suites run where Chromium is installed (and must, in CI: scripts/test.mjs checks). */
export const describeWithBrowser: jest.Describe = chromiumState === 'missing' ? describe.skip : describe;

/** Builds apps/web when its build is missing or stale (the same step `npm start` runs). */
export function ensureWebBuild(): void {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-web.mjs')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`The web UI did not build:\n${result.stdout}\n${result.stderr}`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A page of the web UI at a laptop's size that records the app's console errors and uncaught
 * exceptions (pages of the vendor sandboxes, which stand in for another site, are not ours), and
 * saves numbered screenshots under test-output/web/<journey>/.
 */
export interface JourneyPage {
  page: Page;
  /** Console errors and page errors seen on the app's own pages so far. */
  errors: string[];
  /** The whole page by default; `fullPage: false` keeps the viewport (an open dialog, say). */
  screenshot(name: string, options?: { fullPage?: boolean }): Promise<void>;
}

export async function openJourney(
  browser: Browser,
  journey: string,
  language = 'en-US',
): Promise<JourneyPage> {
  const folder = path.join(ROOT, 'test-output', 'web', journey);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: language });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const errors: string[] = [];
  const ours = () => !new URL(page.url()).pathname.startsWith('/sandbox/');
  page.on('console', (message) => {
    if (message.type() === 'error' && ours()) errors.push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
  let step = 0;
  return {
    page,
    errors,
    async screenshot(name, options) {
      step += 1;
      await page.screenshot({
        path: path.join(folder, `${String(step).padStart(2, '0')}-${name}.png`),
        fullPage: options?.fullPage ?? true,
      });
    },
  };
}

/** The number in a "1,234 rows" / "53 records selected" text. */
export const numberIn = async (locator: Locator) => Number((await locator.innerText()).replace(/\D/g, ''));

/** Chooses `option` in the Mantine select labelled `label`. */
export async function choose(page: Page, label: string, option: string | RegExp): Promise<void> {
  await page.getByRole('textbox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: typeof option === 'string' }).click();
}
