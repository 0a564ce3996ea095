/** Helpers for the audience tests: join-code sockets and frame recorders. */
import { randomBytes } from 'node:crypto';
import {
  PROTOCOL_VERSION,
  type AudienceFrame,
  type AudienceMe,
  type ModerationFrame,
  type ShownComment,
} from '@leitai/shared';
import { connectRaw, type TestSocket } from './harness.ts';

/** A socket with every audience frame it received, in order. */
export interface FrameRecorder {
  socket: TestSocket;
  frames: { at: number; frame: AudienceFrame }[];
  moderation: ModerationFrame[];
  me: AudienceMe | null;
  /** Every comment received so far. */
  comments(): ShownComment[];
  /** Resolves when `predicate` holds for the frames (checked on each new frame). */
  waitFor(predicate: () => boolean, timeoutMs?: number, what?: string): Promise<void>;
  close(): void;
}

export const newDeviceId = (): string => `dev-${randomBytes(8).toString('hex')}`;

/** Connect and record; resolves after the first (full) frame. */
export async function recordFrames(
  url: string,
  auth: { token?: string; joinCode?: string; deviceId?: string },
): Promise<FrameRecorder> {
  const socket = connectRaw(url, { protocolVersion: PROTOCOL_VERSION, deviceId: newDeviceId(), ...auth });
  const frames: FrameRecorder['frames'] = [];
  const moderation: ModerationFrame[] = [];
  const waiters = new Set<() => void>();
  const rec: FrameRecorder = {
    socket,
    frames,
    moderation,
    me: null,
    comments: () => frames.flatMap((f) => f.frame.comments),
    waitFor(predicate, timeoutMs = 5000, what = 'condition') {
      if (predicate()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate()) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${what}`));
        }, timeoutMs);
        waiters.add(check);
      });
    },
    close: () => socket.disconnect(),
  };
  const notify = () => {
    for (const w of [...waiters]) w();
  };
  socket.on('audience:frame', (frame) => {
    frames.push({ at: performance.now(), frame });
    notify();
  });
  socket.on('moderation:queue', (frame) => {
    moderation.push(frame);
    notify();
  });
  socket.on('audience:me', (m) => {
    rec.me = m;
    notify();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect_error', reject);
    socket.once('audience:frame', () => resolve());
  });
  return rec;
}

/** The moderator's current queue, folded from the moderation frames. */
export function queueOf(rec: FrameRecorder): string[] {
  let ids: string[] = [];
  for (const f of rec.moderation) {
    if (f.full) ids = [];
    const removed = new Set(f.removed);
    ids = ids.filter((id) => !removed.has(id)).concat(f.added.map((c) => c.id));
  }
  return ids;
}

/** Latest value of a frame field (full frames included). */
export function latest<K extends keyof AudienceFrame>(rec: FrameRecorder, key: K): AudienceFrame[K] | undefined {
  for (let i = rec.frames.length - 1; i >= 0; i--) {
    const f = rec.frames[i]?.frame;
    if (f && key in f) return f[key];
  }
  return undefined;
}

/** Any audience ack, loosely typed: tests send bad payloads too. */
export interface AnyAck {
  ok: boolean;
  id?: string;
  status?: string;
  roundId?: string;
  error?: { code: string; message: string; retryAfterMs?: number; refusal?: string };
  [key: string]: unknown;
}

/** emitWithAck with a timeout. */
export function ask(socket: TestSocket, event: string, payload: unknown, timeoutMs = 5000): Promise<AnyAck> {
  return (
    socket.timeout(timeoutMs) as unknown as { emitWithAck: (e: string, p: unknown) => Promise<AnyAck> }
  ).emitWithAck(event, payload);
}

/** What the stage page exposes of its danmaku engine (window.__leitaiDanmaku). */
export interface DanmakuHandle {
  stats: { onScreen: number; shown: number; dropped: number; drawMs: number[] };
  visibleTexts(): string[];
}

/** Inside page.evaluate: the page's danmaku engine, if mounted. */
export const danmakuOf = (w: Window): DanmakuHandle | undefined =>
  (w as unknown as { __leitaiDanmaku?: DanmakuHandle }).__leitaiDanmaku;
