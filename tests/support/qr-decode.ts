/**
 * Read QR codes off screenshots: the PNG is decoded to pixels by the browser itself (a canvas in
 * a blank page, as pixels.ts does), and the symbol is located and decoded by jsQR in Node.
 */
import jsQR from 'jsqr';
import type { Browser } from 'playwright-core';

export interface QrReader {
  /** The text of the QR code in `png`, or null when none is found. */
  read(png: Buffer): Promise<string | null>;
  close(): Promise<void>;
}

export async function qrReader(browser: Browser): Promise<QrReader> {
  const context = await browser.newContext();
  const page = await context.newPage();
  return {
    async read(png) {
      const { width, height, rgba } = await page.evaluate(async (b64) => {
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const g = canvas.getContext('2d');
        if (!g) throw new Error('no 2d context');
        g.drawImage(bitmap, 0, 0);
        const { data } = g.getImageData(0, 0, bitmap.width, bitmap.height);
        let s = '';
        for (let i = 0; i < data.length; i += 0x8000) s += String.fromCharCode(...data.subarray(i, i + 0x8000));
        return { width: bitmap.width, height: bitmap.height, rgba: btoa(s) };
      }, png.toString('base64'));
      const data = new Uint8ClampedArray(Buffer.from(rgba, 'base64'));
      return jsQR(data, width, height)?.data ?? null;
    },
    close: () => context.close(),
  };
}
