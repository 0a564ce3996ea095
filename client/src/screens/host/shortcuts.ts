import { SCENES, type Scene } from '@leitai/shared';

/** What a key press on the host panel asks for. */
export type ShortcutAction =
  | { type: 'scene'; scene: Scene }
  | { type: 'step'; step: 1 | -1 }
  | { type: 'help' }
  | { type: 'close' }
  | { type: 'cluster' };

/** The parts of a keyboard event the mapping looks at. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** Tag of the focused element; typing in a field is not a shortcut. */
  targetTag: string;
  targetEditable: boolean;
}

/** Keys 1-5 pick the scenes in the order of SCENES (title, roster, contestant, scoreboard, blank). */
export const SCENE_KEYS: Readonly<Record<string, Scene>> = Object.fromEntries(
  SCENES.map((scene, i) => [String(i + 1), scene]),
);

/** Map a key press to a host action, or null when it is not a shortcut (or the host is typing). */
export function shortcutFor(press: KeyPress): ShortcutAction | null {
  if (press.ctrlKey || press.metaKey || press.altKey) return null;
  if (press.targetEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(press.targetTag)) return null;
  const scene = SCENE_KEYS[press.key];
  if (scene) return { type: 'scene', scene };
  switch (press.key) {
    case 'ArrowLeft':
      return { type: 'step', step: -1 };
    case 'ArrowRight':
      return { type: 'step', step: 1 };
    case '?':
      return { type: 'help' };
    case 'Escape':
      return { type: 'close' };
    // Scale-out: expand or collapse the cluster health (only shown when the server runs as a core).
    case 'h':
    case 'H':
      return { type: 'cluster' };
    default:
      return null;
  }
}
