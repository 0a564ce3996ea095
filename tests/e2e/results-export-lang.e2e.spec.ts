/**
 * The host's export buttons ask for the page's language: on the results tab in English the CSV
 * and Excel downloads are `?lang=en`, in Chinese they are the default (zh-CN) files. Real
 * server, real Chromium; the downloads are watched at the network.
 */
import { expect, test } from 'vitest';
import { openPage, pageErrors, settle } from '../support/browser.ts';
import { demoWithBrowser } from '../support/demo-browser.ts';

const demo = demoWithBrowser();

for (const [lang, query] of [
  ['en', '?lang=en'],
  ['zh-CN', ''],
] as const) {
  test(`results tab in ${lang}: the exports are asked for in the page's language`, async () => {
    const { page, context } = await openPage(
      demo.browser,
      `${demo.t.server.url}/host.html?lang=${lang}#token=${demo.t.token('host')}`,
      { width: 1366, height: 860 },
    );
    try {
      await settle(page);
      await page.click('[data-testid="tab-results"]');
      await page.waitForSelector('[data-testid="hr-csv"]');
      const answered: string[] = [];
      page.on('response', (r) => {
        if (r.url().includes('/results/final/'))
          answered.push(`${r.status()} ${new URL(r.url()).pathname}${new URL(r.url()).search}`);
      });
      await page.click('[data-testid="hr-csv"]');
      await page.click('[data-testid="hr-xlsx"]');
      await expect.poll(() => answered.length, { timeout: 10_000 }).toBe(2);
      expect(answered.sort()).toEqual([
        `200 /api/contests/demo/results/final/csv${query}`,
        `200 /api/contests/demo/results/final/xlsx${query}`,
      ]);
      expect(pageErrors(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });
}
