import { expect, test } from 'vitest';
import QRCode from 'qrcode';
import { fitScale } from './fit-canvas.tsx';
import { qrPath } from './qr-code.tsx';

test('the QR path covers exactly the dark modules', () => {
  const text = 'http://hall.local/live.html?code=ABC123';
  const { size, d } = qrPath(text);
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  expect(size).toBe(modules.size);
  let dark = 0;
  for (let r = 0; r < size; r++) for (let c = 0; c < size; c++) if (modules.get(r, c)) dark++;
  const drawn = [...d.matchAll(/h(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
  expect(drawn).toBe(dark);
});

test('the canvas fits the window, letterboxed', () => {
  expect(fitScale(1920, 1080)).toBe(1);
  expect(fitScale(1280, 1024)).toBeCloseTo(1280 / 1920);
  expect(fitScale(3840, 1080)).toBe(1);
});
