import { useEffect, useState, type ReactNode } from 'react';

/** The design size of the stage screen and the overlay (16:9 at 1080p). */
export const CANVAS = { width: 1920, height: 1080 } as const;

/** Scale that fits the design canvas inside a window, letterboxed. */
export function fitScale(windowWidth: number, windowHeight: number): number {
  return Math.min(windowWidth / CANVAS.width, windowHeight / CANVAS.height);
}

function useFitScale(): number {
  const [scale, setScale] = useState(() => fitScale(window.innerWidth, window.innerHeight));
  useEffect(() => {
    const onResize = () => setScale(fitScale(window.innerWidth, window.innerHeight));
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return scale;
}

/** Lays out children on a 1920×1080 canvas and scales it to the window, centred. */
export function FitCanvas({ children, className = '' }: { children?: ReactNode; className?: string }) {
  const scale = useFitScale();
  return (
    <div className={`fit-viewport ${className}`}>
      <div
        className="fit-canvas"
        style={{
          width: CANVAS.width,
          height: CANVAS.height,
          transform: `translate(-50%, -50%) scale(${scale})`,
        }}
      >
        {children}
      </div>
    </div>
  );
}
