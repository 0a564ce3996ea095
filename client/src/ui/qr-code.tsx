import { useMemo } from 'react';
import QRCode from 'qrcode';

/** Build one SVG path for the dark modules of a QR symbol (drawn here, so no HTML is injected). */
export function qrPath(text: string): { size: number; d: string } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const { size } = modules;
  let d = '';
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      if (!modules.get(row, col)) continue;
      // Merge horizontal runs into one rectangle to keep the path short.
      let run = 1;
      while (col + run < size && modules.get(row, col + run)) run++;
      d += `M${col} ${row}h${run}v1h-${run}z`;
      col += run - 1;
    }
  }
  return { size, d };
}

/** A QR code for `text`, drawn as crisp SVG with the standard quiet zone of four modules. */
export function QrCode({ text, label, className = '' }: { text: string; label: string; className?: string }) {
  const { size, d } = useMemo(() => qrPath(text), [text]);
  const quiet = 4;
  return (
    <svg
      className={`qr-code ${className}`}
      viewBox={`${-quiet} ${-quiet} ${size + quiet * 2} ${size + quiet * 2}`}
      role="img"
      aria-label={label}
      shapeRendering="crispEdges"
    >
      <rect x={-quiet} y={-quiet} width={size + quiet * 2} height={size + quiet * 2} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
