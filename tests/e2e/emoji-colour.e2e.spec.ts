/**
 * Emoji are drawn as colour glyphs by the self-hosted emoji font (COLRv1 slices), not blank and
 * not as boxes: a pixel check in headless Chromium on the stage page, with the page's own font
 * stack, and the self-hosted face of each emoji's slice is the one loaded (an @font-face family
 * outranks a system font of the same name). The OpenType-SVG slices shipped before drew nothing
 * in Chromium: the same check then found no coloured pixel.
 */
import { expect, test } from 'vitest';
import { seatUrl } from '@leitai/server';
import { openPage, pageErrors, VIEWPORTS } from '../support/browser.ts';
import { demoWithBrowser } from '../support/demo-browser.ts';
import { pixelReader } from '../support/pixels.ts';

const demo = demoWithBrowser();

test('emoji in the page font stack render as colour glyphs (pixel check)', async () => {
  const stageSeat = demo.t.seats.find((s) => s.role === 'stage')!;
  const { page } = await openPage(demo.browser, seatUrl(demo.t.server.url, stageSeat), VIEWPORTS.laptop);
  await page.waitForSelector('[data-testid="stage"]', { timeout: 20_000 });
  // A probe over the stage in the page's stack (emoji font last).
  await page.evaluate(async () => {
    const probe = (id: string, family: string, top: number) => {
      const div = document.createElement('div');
      div.id = id;
      div.textContent = '🌟🎉❤️😀';
      div.style.cssText = `position:fixed;left:20px;top:${top}px;z-index:9999;padding:10px;background:#fff;color:#222;font-size:96px;line-height:1.2;font-family:${family}`;
      document.body.appendChild(div);
    };
    probe('probe-stack', 'var(--font-sans)', 20);
    await document.fonts.load('96px "Noto Color Emoji"', '🌟🎉❤️😀');
    await document.fonts.ready;
  });
  await page.waitForTimeout(300);
  const reader = await pixelReader(demo.browser);
  try {
    const stats = async (id: string) => {
      const png = await page.locator(`#${id}`).screenshot();
      const box = (await page.locator(`#${id}`).boundingBox())!;
      const [s] = await reader.stats(png, [
        { x: 0, y: 0, width: Math.floor(box.width), height: Math.floor(box.height) },
      ]);
      return s!;
    };
    const stack = await stats('probe-stack');
    // Four emoji at 96 px: thousands of strongly coloured pixels.
    expect(stack.coloured).toBeGreaterThan(4000);
    // ... from the self-hosted slices: a loaded 'Noto Color Emoji' face covers each code point.
    const covered = await page.evaluate(() =>
      [0x1f31f, 0x1f389, 0x2764, 0x1f600].map((cp) =>
        [...document.fonts].some(
          (f) =>
            f.family.replace(/"/g, '') === 'Noto Color Emoji' &&
            f.status === 'loaded' &&
            f.unicodeRange.split(',').some((r) => {
              const [a, b] = r.trim().replace(/^U\+/i, '').split('-');
              const lo = parseInt(a!, 16);
              return cp >= lo && cp <= (b ? parseInt(b, 16) : lo);
            }),
        ),
      ),
    );
    expect(covered).toEqual([true, true, true, true]);
    await page.locator('#probe-stack').screenshot({ path: 'artifacts/screenshots/emoji-colour.png' });
  } finally {
    await reader.close();
  }
  expect(pageErrors(page)).toEqual([]);
}, 60_000);
