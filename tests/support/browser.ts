/** Headless Chromium for end-to-end tests, and screenshots kept as artifacts. */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Where browser tests keep their screenshots (looked at by people, kept by CI). */
export const SCREENSHOT_DIR = resolve(import.meta.dirname, '../../artifacts/screenshots');

export const VIEWPORTS = {
  desktop: { width: 1920, height: 1080 },
  laptop: { width: 1440, height: 900 },
  tablet: { width: 1024, height: 768 },
  phone: { width: 390, height: 844 },
} as const;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
}

/** A fresh context (own storage, so every page is its own device) and one page in it. */
export async function openPage(
  browser: Browser,
  url: string,
  viewport: { width: number; height: number },
  opts: { locale?: string; isMobile?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport,
    locale: opts.locale ?? 'zh-CN',
    deviceScaleFactor: 1,
    ...(opts.isMobile ? { isMobile: true, hasTouch: true } : {}),
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  (page as Page & { errors: string[] }).errors = errors;
  await page.goto(url);
  return { context, page };
}

/** Uncaught page errors seen so far (a finished screen throws none). */
export const pageErrors = (page: Page): string[] => (page as Page & { errors?: string[] }).errors ?? [];

/** Wait until no CSS animation or transition is running (scene cross-fades end), bounded. */
export async function settle(page: Page, timeoutMs = 5000): Promise<void> {
  await page
    .waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'), undefined, {
      timeout: timeoutMs,
      polling: 50,
    })
    .catch(() => undefined);
}

/** Save a full-page screenshot under artifacts/screenshots/<name>.png and return its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await settle(page);
  const path = resolve(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}
