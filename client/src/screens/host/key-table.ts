import { SCENES, type Scene } from '@leitai/shared';
import type { MessageKey } from '../../core/i18n/i18n.ts';

/**
 * THE table of the host panel's keyboard shortcuts. The key handlers (shortcuts.ts, the knowledge
 * and judging panels) look their keys up here, and the `?` help lists exactly these rows, so a key
 * cannot be bound without being listed or listed without being bound.
 */

/** Where a key works: anywhere on the panel, or while the knowledge / judging / moderation controls are on screen. */
export type KeyScope = 'global' | 'knowledge' | 'judging' | 'moderation';

/** The host's one-key controls of a knowledge round. */
export type KnowledgeKeyAction =
  'next' | 'show' | 'timer' | 'arm' | 'rebound' | 'correct' | 'wrong' | 'reveal' | 'finish' | 'undo';

/** The host's one-key controls of a judged performance. */
export type JudgingKeyAction = 'start' | 'lock' | 'reveal' | 'scene';

/** The moderator's keys on the review queue (moderation tab). */
export type ModerationKeyAction =
  | 'down'
  | 'up'
  | 'first'
  | 'last'
  | 'approve'
  | 'approveVisible'
  | 'reject'
  | 'ban'
  | 'trust'
  | 'history'
  | 'closeHistory';

/** What a key press on the host panel's shell asks for. */
export type ShellAction =
  | { type: 'scene'; scene: Scene }
  | { type: 'step'; step: 1 | -1 }
  | { type: 'help' }
  | { type: 'close' }
  | { type: 'cluster' };

interface Row<S extends KeyScope, A> {
  scope: S;
  /** `KeyboardEvent.key` values (letters in lower case; upper case maps to the same row). */
  keys: readonly string[];
  /** How the help shows the key. */
  shown: string;
  label: MessageKey;
  /** The scene's name follows the label (scene rows). */
  scene?: Scene;
  action: A;
  /** Listed and bound only when the server runs as a cluster core. */
  clusterOnly?: boolean;
}

export type KeyRow =
  | Row<'global', ShellAction>
  | Row<'knowledge', KnowledgeKeyAction>
  | Row<'judging', JudgingKeyAction>
  | Row<'moderation', ModerationKeyAction>;

/** Scene keys: 1–9 then 0, in the order of SCENES (title … advancement). */
export const SCENE_KEY_CHARS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'] as const;

const sceneRows: Row<'global', ShellAction>[] = SCENES.slice(0, SCENE_KEY_CHARS.length).map((scene, i) => ({
  scope: 'global',
  keys: [SCENE_KEY_CHARS[i]!],
  shown: SCENE_KEY_CHARS[i]!,
  label: 'keys.scene',
  scene,
  action: { type: 'scene', scene },
}));

export const HOST_KEYS: readonly KeyRow[] = [
  ...sceneRows,
  { scope: 'global', keys: ['ArrowLeft'], shown: '←', label: 'keys.prev', action: { type: 'step', step: -1 } },
  { scope: 'global', keys: ['ArrowRight'], shown: '→', label: 'keys.next', action: { type: 'step', step: 1 } },
  { scope: 'global', keys: ['?'], shown: '?', label: 'host.shortcut.help', action: { type: 'help' } },
  { scope: 'global', keys: ['Escape'], shown: 'Esc', label: 'keys.close', action: { type: 'close' } },
  {
    scope: 'global',
    keys: ['h'],
    shown: 'H',
    label: 'host.shortcut.cluster',
    action: { type: 'cluster' },
    clusterOnly: true,
  },
  { scope: 'knowledge', keys: ['n'], shown: 'N', label: 'kq.next', action: 'next' },
  { scope: 'knowledge', keys: ['q'], shown: 'Q', label: 'kq.show', action: 'show' },
  { scope: 'knowledge', keys: [' '], shown: '␣', label: 'keys.timer', action: 'timer' },
  { scope: 'knowledge', keys: ['b'], shown: 'B', label: 'kq.arm', action: 'arm' },
  { scope: 'knowledge', keys: ['r'], shown: 'R', label: 'kq.rebound', action: 'rebound' },
  { scope: 'knowledge', keys: ['c'], shown: 'C', label: 'keys.correct', action: 'correct' },
  { scope: 'knowledge', keys: ['w'], shown: 'W', label: 'keys.wrong', action: 'wrong' },
  { scope: 'knowledge', keys: ['a'], shown: 'A', label: 'kq.reveal', action: 'reveal' },
  { scope: 'knowledge', keys: ['u'], shown: 'U', label: 'keys.undo', action: 'undo' },
  { scope: 'judging', keys: ['s'], shown: 'S', label: 'keys.start', action: 'start' },
  { scope: 'judging', keys: ['l'], shown: 'L', label: 'keys.lock', action: 'lock' },
  { scope: 'judging', keys: ['r'], shown: 'R', label: 'hj.reveal', action: 'reveal' },
  { scope: 'judging', keys: ['j'], shown: 'J', label: 'hj.showOnStage', action: 'scene' },
  { scope: 'moderation', keys: ['j'], shown: 'J', label: 'keys.mod.down', action: 'down' },
  { scope: 'moderation', keys: ['k'], shown: 'K', label: 'keys.mod.up', action: 'up' },
  { scope: 'moderation', keys: ['Home'], shown: 'Home', label: 'keys.mod.first', action: 'first' },
  { scope: 'moderation', keys: ['End'], shown: 'End', label: 'keys.mod.last', action: 'last' },
  { scope: 'moderation', keys: ['a'], shown: 'A', label: 'keys.mod.approve', action: 'approve' },
  {
    scope: 'moderation',
    keys: ['shift+a'],
    shown: 'Shift+A',
    label: 'keys.mod.approveVisible',
    action: 'approveVisible',
  },
  { scope: 'moderation', keys: ['d'], shown: 'D', label: 'keys.mod.reject', action: 'reject' },
  { scope: 'moderation', keys: ['b'], shown: 'B', label: 'keys.mod.ban', action: 'ban' },
  { scope: 'moderation', keys: ['t'], shown: 'T', label: 'keys.mod.trust', action: 'trust' },
  { scope: 'moderation', keys: ['h'], shown: 'H', label: 'keys.mod.history', action: 'history' },
  { scope: 'moderation', keys: ['Escape'], shown: 'Esc', label: 'keys.mod.closeHistory', action: 'closeHistory' },
];

/**
 * The moderation table's spelling of a key press: a letter with Shift is `shift+<letter>`
 * (Shift+A approves every visible comment, A the selected one).
 */
export const moderationKey = (key: string, shiftKey: boolean): string =>
  shiftKey && /^[a-z]$/i.test(key) ? `shift+${key.toLowerCase()}` : key;

/** A key as the table spells it: single letters in lower case. */
export const normaliseKey = (key: string): string => (key.length === 1 ? key.toLowerCase() : key);

/** The table's row for a key in a scope, if any. */
export function keyRow<S extends KeyScope>(scope: S, key: string): Extract<KeyRow, { scope: S }> | undefined {
  const k = normaliseKey(key);
  return HOST_KEYS.find((r): r is Extract<KeyRow, { scope: S }> => r.scope === scope && r.keys.includes(k));
}

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

/**
 * Whether a key press may act as a shortcut at all: not with a modifier, not while typing, and
 * never Enter (a focused button takes Enter: no key that ends or locks anything is Enter).
 */
export function isShortcutPress(press: KeyPress): boolean {
  if (press.ctrlKey || press.metaKey || press.altKey) return false;
  if (press.targetEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(press.targetTag)) return false;
  return press.key !== 'Enter';
}

/** The fields of a KeyboardEvent that `isShortcutPress` reads. */
export function keyPressOf(event: KeyboardEvent): KeyPress {
  const target = event.target instanceof HTMLElement ? event.target : null;
  return {
    key: event.key,
    ctrlKey: event.ctrlKey,
    metaKey: event.metaKey,
    altKey: event.altKey,
    targetTag: target?.tagName ?? '',
    targetEditable: target?.isContentEditable ?? false,
  };
}
