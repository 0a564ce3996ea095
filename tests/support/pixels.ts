/**
 * Pixel checks on screenshots, decoded by the browser itself (a canvas in a blank page), so the
 * tests need no PNG library: only the figures per region come back to Node.
 */
import type { Browser, Page } from 'playwright-core';

export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface RegionStats {
  /** Highest alpha (0-255) in the region: 0 means fully see-through. */
  maxAlpha: number;
  /** Opaque pixels with a clear hue (max−min channel ≥ 80): colour emoji, not grey text or boxes. */
  coloured: number;
  /** Opaque pixels of any colour. */
  opaque: number;
}

/** Measures regions of PNGs in one blank page of the browser, kept open between calls. */
export interface PixelReader {
  stats(png: Buffer, regions: Region[]): Promise<RegionStats[]>;
  close(): Promise<void>;
}

export async function pixelReader(browser: Browser): Promise<PixelReader> {
  const context = await browser.newContext();
  const page = await context.newPage();
  return {
    stats: (png, regions) => regionStats(page, png, regions),
    close: () => context.close(),
  };
}

/** Decode a PNG in `page` (a blank one) and measure each region. */
async function regionStats(page: Page, png: Buffer, regions: Region[]): Promise<RegionStats[]> {
  {
    return await page.evaluate(
      async ({ b64, regions }) => {
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const g = canvas.getContext('2d');
        if (!g) throw new Error('no 2d context');
        g.drawImage(bitmap, 0, 0);
        return regions.map((r) => {
          const { data } = g.getImageData(r.x, r.y, r.width, r.height);
          let maxAlpha = 0;
          let coloured = 0;
          let opaque = 0;
          for (let i = 0; i < data.length; i += 4) {
            const [red, green, blue, alpha] = [data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!];
            if (alpha > maxAlpha) maxAlpha = alpha;
            if (alpha < 200) continue;
            opaque += 1;
            if (Math.max(red, green, blue) - Math.min(red, green, blue) >= 80) coloured += 1;
          }
          return { maxAlpha, coloured, opaque };
        });
      },
      { b64: png.toString('base64'), regions },
    );
  }
}

/**
 * The margins outside the title-safe area of a w×h picture (90%: 5% each side), as four strips,
 * less `inset` px at the safe edge where a panel's soft shadow may fall.
 */
export function outsideTitleSafe(w: number, h: number, inset = 0): Region[] {
  const mx = Math.round(w * 0.05) - inset;
  const my = Math.round(h * 0.05) - inset;
  return [
    { x: 0, y: 0, width: w, height: my },
    { x: 0, y: h - my, width: w, height: my },
    { x: 0, y: 0, width: mx, height: h },
    { x: w - mx, y: 0, width: mx, height: h },
  ];
}
