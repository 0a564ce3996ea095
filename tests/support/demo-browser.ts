/**
 * The set-up of a browser test file on the demo contest: a real server with the demo contest and
 * one headless Chromium, started before the file's tests and closed after them.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { seatUrl } from '@leitai/server';
import type { SeatedRole } from '@leitai/shared';
import { launchBrowser, openPage, VIEWPORTS } from './browser.ts';
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

/** The page of one of the demo contest's seats (the host panel by default), opened by its seat link on a laptop. */
export async function openSeatPage(
  demo: DemoWithBrowser,
  role: SeatedRole = 'host',
  viewport: { width: number; height: number } = VIEWPORTS.laptop,
): Promise<Page> {
  const seat = demo.t.seats.find((s) => s.role === role);
  if (!seat) throw new Error(`the demo contest has no ${role} seat`);
  return (await openPage(demo.browser, seatUrl(demo.t.server.url, seat), viewport)).page;
}
