/**
 * The set-up of a browser test file on the demo contest: a real server with the demo contest and
 * one headless Chromium, started before the file's tests and closed after them.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { startWithDemo, type TestContest } from './harness.ts';

export interface DemoWithBrowser {
  /** The demo contest's server (once the file's `beforeAll` ran). */
  readonly t: TestContest;
  /** The file's Chromium (once the file's `beforeAll` ran). */
  readonly browser: Browser;
}

/** Call at a test file's top level: registers its `beforeAll` (server, then browser) and `afterAll`. */
export function demoWithBrowser(): DemoWithBrowser {
  let t: TestContest | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    t = await startWithDemo();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.cleanup();
  });
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not started yet (used outside a test?)`);
    return value;
  };
  return {
    get t() {
      return ready(t, 'the demo server');
    },
    get browser() {
      return ready(browser, 'the browser');
    },
  };
}
