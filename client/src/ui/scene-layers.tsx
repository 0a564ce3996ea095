import { useEffect, useState, type ReactNode } from 'react';
import type { Scene } from '@leitai/shared';

/** How long the outgoing scene takes to fade (keep in step with the CSS). */
export const SCENE_FADE_MS = 700;

interface Layer {
  scene: Scene;
  key: number;
}

/**
 * Cross-fades between scenes: the new scene fades in on top while the previous one fades out,
 * then the old layer is unmounted.
 */
export function SceneLayers({ scene, render }: { scene: Scene; render: (scene: Scene) => ReactNode }) {
  const [layers, setLayers] = useState<Layer[]>([{ scene, key: 0 }]);
  const top = layers[layers.length - 1];
  if (top && top.scene !== scene) {
    // Adjusting state during render (React's documented pattern for derived state) avoids a blank frame.
    setLayers([...layers.slice(-1), { scene, key: top.key + 1 }]);
  }
  useEffect(() => {
    if (layers.length < 2) return;
    const timer = setTimeout(() => setLayers((ls) => ls.slice(-1)), SCENE_FADE_MS);
    return () => clearTimeout(timer);
  }, [layers]);
  return (
    <>
      {layers.map((layer, i) => (
        <div
          key={layer.key}
          className={`scene-layer scene-layer-${layer.scene} ${i < layers.length - 1 ? 'is-leaving' : 'is-entering'}`}
          data-scene={layer.scene}
          aria-hidden={i < layers.length - 1 ? true : undefined}
        >
          {render(layer.scene)}
        </div>
      ))}
    </>
  );
}
