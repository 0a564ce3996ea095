/**
 * Areas danmaku keep out of: a screen marks its title bar, question card and the like with
 * `data-danmaku-reserve`; the danmaku layer measures them and closes the lanes they cross.
 */
import type { CanvasBox } from './danmaku-engine.ts';

/** Marks an element danmaku must never cover (title bar, question card, …): `<div {...RESERVED}>`. */
export const DANMAKU_RESERVED = { 'data-danmaku-reserve': '' } as const;

/** How often the reserved boxes are measured again (scene cross-fades move them). */
export const MEASURE_MS = 150;

/** The reserved elements under `root`, in the canvas's 1920×1080 pixels (the page may be scaled). */
export function reservedBoxes(root: Element, canvas: HTMLCanvasElement): CanvasBox[] {
  const frame = canvas.getBoundingClientRect();
  if (frame.width === 0) return [];
  const scale = canvas.width / frame.width;
  return [...root.querySelectorAll('[data-danmaku-reserve]')].map((el) => {
    const r = el.getBoundingClientRect();
    return {
      x: Math.floor((r.left - frame.left) * scale),
      y: Math.floor((r.top - frame.top) * scale),
      width: Math.ceil(r.width * scale),
      height: Math.ceil(r.height * scale),
    };
  });
}
