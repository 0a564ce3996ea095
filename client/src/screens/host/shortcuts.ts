import type { Scene } from '@leitai/shared';
import { HOST_KEYS, isShortcutPress, keyRow, type KeyPress, type ShellAction } from './key-table.ts';

export type { KeyPress } from './key-table.ts';
/** What a key press on the host panel asks for. */
export type ShortcutAction = ShellAction;

/** Keys 1–9 and 0 pick the scenes in the order of SCENES (title, roster, contestant, scoreboard, blank, …). */
export const SCENE_KEYS: Readonly<Record<string, Scene>> = Object.fromEntries(
  HOST_KEYS.flatMap((r): [string, Scene][] =>
    r.scope === 'global' && r.action.type === 'scene' ? [[r.keys[0] ?? '', r.action.scene]] : [],
  ),
);

/** Map a key press to a host action (from the key table), or null when it is not a shortcut (or the host is typing). */
export function shortcutFor(press: KeyPress): ShortcutAction | null {
  if (!isShortcutPress(press)) return null;
  return keyRow('global', press.key)?.action ?? null;
}
