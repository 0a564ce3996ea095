/**
 * The taker page's connection: the `/written` socket, the paper view, the offline answer queue
 * and the synced clock. The page shows "saved" for a question only when no change to it is
 * waiting: every change is acknowledged by the server once durable, and until then it lives in
 * localStorage (answer-queue.ts), so a lost connection, a refresh or a closed tab loses nothing.
 */
import { io, type Socket } from 'socket.io-client';
import { create } from 'zustand';
import {
  PROTOCOL_VERSION,
  WRITTEN_NAMESPACE,
  type Ack,
  type TakerPaperView,
  type WrittenClientToServerEvents,
  type WrittenServerToClientEvents,
} from '@leitai/shared';
import { ClockSampler } from '../../core/clock-sampler.ts';
import { randomId } from '../../core/random-id.ts';
import { deviceId } from '../../core/seat-link.ts';
import { AnswerQueue, type QueuedChange } from './answer-queue.ts';

type WrittenSocket = Socket<WrittenServerToClientEvents, WrittenClientToServerEvents>;

const TOKEN_KEY = 'leitai.written.token';
const FORM_KEY = 'leitai.written.form';
const SEND_TIMEOUT_MS = 8000;
/** Refusals worth another try later (the server is busy or restarting), not a verdict on the change. */
const RETRY_CODES = new Set(['RATE_LIMITED', 'INTERNAL', 'UNAVAILABLE']);

export type Phase = 'no-link' | 'register' | 'connecting' | 'ready' | 'invalid';

export interface WrittenState {
  phase: Phase;
  online: boolean;
  paper: TakerPaperView | null;
  /** Answers not yet acknowledged, by question. */
  pending: Record<string, string[]>;
  queued: number;
  takenOver: boolean;
  /** The last refusal, to show. */
  refusal: string | null;
  /** Add to Date.now() for server time (0 until sampled). */
  offset: number;
}

export const useWritten = create<WrittenState>()(() => ({
  phase: 'connecting',
  online: false,
  paper: null,
  pending: {},
  queued: 0,
  takenOver: false,
  refusal: null,
  offset: 0,
}));

/** Take the token from `#token=…` (then stored and wiped from the address bar), else from storage. */
function takeToken(win: Window): string | null {
  const params = new URLSearchParams(win.location.hash.slice(1));
  const token = params.get('token');
  if (token) {
    win.localStorage.setItem(TOKEN_KEY, token);
    win.history.replaceState(win.history.state, '', win.location.pathname + win.location.search);
    return token;
  }
  return win.localStorage.getItem(TOKEN_KEY);
}

export interface WrittenSession {
  answer(questionId: string, choice: string[]): void;
  submit(): void;
  register(form: { joinCode: string; name: string; unit: string }): Promise<string | null>;
  /** A roster taker's typed code: null when the paper opens, else why not ('offline' or the error code). */
  enterCode(code: string): Promise<string | null>;
}

/** Open the page's session. */
export function openWrittenSession(win: Window = window): WrittenSession {
  let socket: WrittenSocket | null = null;
  let queue: AnswerQueue | null = null;
  let flushing = false;
  const set = useWritten.setState;
  const sync = () => set({ pending: queue?.pendingAnswers() ?? {}, queued: queue?.size ?? 0 });

  const flush = async () => {
    if (flushing || !socket?.connected || !queue || useWritten.getState().takenOver) return;
    flushing = true;
    try {
      for (let change = queue.next(); change; change = queue.next()) {
        const ack = await send(socket, change).catch(() => null);
        if (!ack) {
          queue.retryLater(change.commandId);
          break;
        }
        if (!ack.ok && RETRY_CODES.has(ack.error.code)) {
          queue.retryLater(change.commandId);
          setTimeout(() => void flush(), 1000);
          break;
        }
        queue.done(change.commandId);
        if (!ack.ok) set({ refusal: ack.error.message });
        sync();
      }
    } finally {
      flushing = false;
      sync();
    }
  };

  const connect = (token: string) => {
    queue = new AnswerQueue(win.localStorage, `leitai.written.queue.${token.slice(0, 16)}`);
    sync();
    set({ phase: 'connecting' });
    const s: WrittenSocket = io(WRITTEN_NAMESPACE, {
      auth: { protocolVersion: PROTOCOL_VERSION, token, deviceId: deviceId(win.localStorage) },
      // In a cluster HAProxy sends the takers to the edges (a key per page load keeps a
      // long-polling session on one edge: haproxy-config.ts); a single server ignores the query.
      query: { pool: 'written', k: randomId(12) },
    });
    socket = s;
    const sampler = new ClockSampler(
      async (t0) => {
        const ack = (await s.timeout(3000).emitWithAck('clock:ping', { t0 })) as Ack<{
          t0: number;
          serverTime: number;
        }>;
        if (!ack.ok) throw new Error(ack.error.message);
        return { t0: ack.t0, serverTime: ack.serverTime };
      },
      (estimate) => {
        if (estimate) set({ offset: estimate.offset });
      },
    );
    s.on('connect', () => {
      set({ online: true });
      sampler.start();
      const form = JSON.parse(win.localStorage.getItem(FORM_KEY) ?? '{}') as { name?: string; unit?: string };
      void s
        .timeout(SEND_TIMEOUT_MS)
        .emitWithAck('paper:open', {
          ...(form.name ? { name: form.name } : {}),
          ...(form.unit ? { unit: form.unit } : {}),
        })
        .then((ack: Ack<{ paper: TakerPaperView }>) => {
          if (ack.ok) set({ phase: 'ready', paper: ack.paper, takenOver: false });
          else set({ refusal: ack.error.message });
          void flush();
        })
        .catch(() => undefined);
    });
    s.on('disconnect', () => {
      set({ online: false });
      sampler.stop();
    });
    s.on('connect_error', (err: Error & { data?: { code?: string } }) => {
      if (err.data?.code === 'UNAUTHENTICATED') {
        win.localStorage.removeItem(TOKEN_KEY);
        set({ phase: 'invalid' });
        s.disconnect();
      }
    });
    s.on('paper:state', (paper) => {
      const before = useWritten.getState().paper;
      const wasPending = before?.testStatus === 'pending';
      set({ paper, phase: 'ready' });
      // The test just opened: open the paper (draws it on first opening).
      if (wasPending && paper.testStatus === 'open' && paper.paperStatus === 'not-started')
        void s
          .timeout(SEND_TIMEOUT_MS)
          .emitWithAck('paper:open', {})
          .then((ack: Ack<{ paper: TakerPaperView }>) => ack.ok && set({ paper: ack.paper }))
          .catch(() => undefined);
    });
    s.on('paper:notice', () => set({ takenOver: true }));
    // Leaving the page while writing is counted (and shown to the proctor).
    win.document.addEventListener('visibilitychange', () => {
      const paper = useWritten.getState().paper;
      if (win.document.visibilityState !== 'hidden' || paper?.paperStatus !== 'writing') return;
      queue?.add({ kind: 'focus', commandId: randomId(20) });
      sync();
      void flush();
    });
  };

  // A change that timed out on a weak link is tried again without waiting for the next answer.
  setInterval(() => void flush(), 3000);
  const token = takeToken(win);
  if (token) connect(token);
  else set({ phase: new URLSearchParams(win.location.search).get('code') ? 'register' : 'no-link' });

  return {
    answer(questionId, choice) {
      if (!queue) return;
      queue.add({ kind: 'save', commandId: randomId(20), questionId, choice });
      set({ refusal: null });
      sync();
      void flush();
    },
    submit() {
      if (!queue || queue.hasSubmit()) return;
      queue.add({ kind: 'submit', commandId: randomId(20) });
      sync();
      void flush();
    },
    async register(form) {
      const res = await fetch('/api/written/register', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ joinCode: form.joinCode, name: form.name, ...(form.unit ? { unit: form.unit } : {}) }),
      }).catch(() => null);
      if (!res) return 'offline';
      const body = (await res.json()) as { token?: string; error?: { message: string } };
      if (!res.ok || !body.token) return body.error?.message ?? `HTTP ${res.status}`;
      win.localStorage.setItem(TOKEN_KEY, body.token);
      win.localStorage.setItem(FORM_KEY, JSON.stringify({ name: form.name, unit: form.unit }));
      connect(body.token);
      return null;
    },
    async enterCode(code) {
      const res = await fetch('/api/written/code', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code }),
      }).catch(() => null);
      if (!res) return 'offline';
      const body = (await res.json().catch(() => ({}))) as { token?: string; error?: { code?: string } };
      if (!res.ok || !body.token) return body.error?.code ?? `HTTP ${res.status}`;
      win.localStorage.setItem(TOKEN_KEY, body.token);
      connect(body.token);
      return null;
    },
  };
}

function send(socket: WrittenSocket, change: QueuedChange): Promise<Ack<{ version: number }>> {
  const s = socket.timeout(SEND_TIMEOUT_MS);
  switch (change.kind) {
    case 'save':
      return s.emitWithAck('paper:save', {
        commandId: change.commandId,
        questionId: change.questionId,
        choice: change.choice,
      }) as Promise<Ack<{ version: number }>>;
    case 'focus':
      return s.emitWithAck('paper:focus', { commandId: change.commandId }) as Promise<Ack<{ version: number }>>;
    case 'submit':
      return s.emitWithAck('paper:submit', { commandId: change.commandId }) as Promise<Ack<{ version: number }>>;
  }
}
