import { useEffect, useRef } from 'react';
import { useAudienceFeed } from './use-audience.ts';
import { DanmakuEngine, type DanmakuOptions } from './danmaku-engine.ts';
import { MEASURE_MS, reservedBoxes } from './reserved-areas.ts';
import { useLocale } from '../../core/i18n/i18n.ts';
import { badgeLabel } from './source-badges.ts';

declare global {
  interface Window {
    /** The page's danmaku engine, for tests and the B7 benchmark. */
    __leitaiDanmaku?: DanmakuEngine;
  }
}

/**
 * The danmaku canvas of the stage and the overlay: fed by the audience frames, cleared at once
 * by the kill switch, with the pinned comment. Sized to the 1920×1080 design canvas.
 */
export function DanmakuLayer({ options }: { options?: Partial<DanmakuOptions> }) {
  const feed = useAudienceFeed();
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    // Platform badges in the screen's language at the time a comment is drawn.
    const engine = new DanmakuEngine(canvas, {
      badgeLabel: (source) => badgeLabel(source, useLocale.getState().locale),
      ...options,
    });
    window.__leitaiDanmaku = engine;
    const apply = () => {
      const s = feed.store.getState();
      engine.setEnabled(!s.killed);
      engine.setPinned(s.killed ? null : s.pinned);
      canvas.dataset.killed = String(s.killed);
    };
    apply();
    const unsubStore = feed.store.subscribe((s, prev) => {
      if (s.killed !== prev.killed || s.pinned !== prev.pinned) apply();
    });
    const root = canvas.parentElement;
    const measure = () => {
      if (root) engine.setReserved(reservedBoxes(root, canvas));
    };
    measure();
    const timer = setInterval(measure, MEASURE_MS);
    // A new scene's card is there at once: close its lanes before the next frame is drawn.
    const observer = new MutationObserver(measure);
    if (root) observer.observe(root, { childList: true, subtree: true });
    const unsubComments = feed.onComments((comments, clear) => {
      if (clear) engine.clear();
      if (!feed.store.getState().killed) engine.add(comments);
    });
    return () => {
      clearInterval(timer);
      observer.disconnect();
      unsubStore();
      unsubComments();
      engine.destroy();
      if (window.__leitaiDanmaku === engine) delete window.__leitaiDanmaku;
    };
    // The engine lives as long as the layer; options are fixed per screen.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [feed]);
  return <canvas ref={ref} className="danmaku-canvas" data-testid="danmaku-canvas" aria-hidden="true" />;
}
