/**
 * Areas danmaku keep out of: a screen marks its title bar, question card and the like with
 * `data-danmaku-reserve`; the danmaku layer measures them and closes the lanes they cross.
 */
import type { CanvasBox } from './danmaku-engine.ts';

/** Marks an element danmaku must never cover (title bar, question card, …): `<div {...RESERVED}>`. */
export const DANMAKU_RESERVED = { 'data-danmaku-reserve': '' } as const;

/** How often the reserved boxes are measured again (scene cross-fades move them). */
export const MEASURE_MS = 150;

/**
 * An element's box where layout puts it, ignoring CSS transforms (an entering card slides in from
 * a little below its place): offsets summed up to the canvas's positioned parent, in canvas pixels.
 */
function layoutBox(el: HTMLElement, base: Element | null): CanvasBox | null {
  let x = 0;
  let y = 0;
  let node: HTMLElement | null = el;
  while (node && node !== base) {
    x += node.offsetLeft;
    y += node.offsetTop;
    node = node.offsetParent as HTMLElement | null;
  }
  return node === base ? { x, y, width: el.offsetWidth, height: el.offsetHeight } : null;
}

function union(a: CanvasBox, b: CanvasBox | null): CanvasBox {
  if (!b) return a;
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return {
    x,
    y,
    width: Math.max(a.x + a.width, b.x + b.width) - x,
    height: Math.max(a.y + a.height, b.y + b.height) - y,
  };
}

/**
 * The reserved elements under `root`, in the canvas's 1920×1080 pixels (the page may be scaled):
 * where each is drawn now and where layout puts it, so a card still sliding into place is covered
 * over its whole path.
 */
export function reservedBoxes(root: Element, canvas: HTMLCanvasElement): CanvasBox[] {
  const frame = canvas.getBoundingClientRect();
  if (frame.width === 0) return [];
  const scale = canvas.width / frame.width;
  const base = canvas.offsetParent;
  return [...root.querySelectorAll<HTMLElement>('[data-danmaku-reserve]')].map((el) => {
    const r = el.getBoundingClientRect();
    const drawn = {
      x: Math.floor((r.left - frame.left) * scale),
      y: Math.floor((r.top - frame.top) * scale),
      width: Math.ceil(r.width * scale),
      height: Math.ceil(r.height * scale),
    };
    return union(drawn, layoutBox(el, base));
  });
}
