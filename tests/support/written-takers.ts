/** Takers of a written test for integration tests: real socket.io-client sockets on `/written`. */
import { io as ioClient, type Socket } from 'socket.io-client';
import {
  PROTOCOL_VERSION,
  THREE_STAGE_CONTEST,
  type ContestFile,
  WRITTEN_NAMESPACE,
  type Ack,
  type TakerPaperView,
  type TakerWelcome,
  type WrittenClientToServerEvents,
  type WrittenServerToClientEvents,
} from '@leitai/shared';
import { newCommandId } from './harness.ts';

export type TakerSocket = Socket<WrittenServerToClientEvents, WrittenClientToServerEvents>;

export interface Taker {
  socket: TakerSocket;
  welcome: TakerWelcome;
  /** Every `paper:state` received, in order. */
  views: TakerPaperView[];
  notices: string[];
  open(form?: { name?: string; unit?: string }): Promise<Ack<{ paper: TakerPaperView }>>;
  save(questionId: string, choice: string[], commandId?: string): Promise<Ack<{ version: number }>>;
  focus(commandId?: string): Promise<Ack<{ version: number }>>;
  submit(commandId?: string): Promise<Ack<{ version: number }>>;
  /** Resolves with the first view (received now or later) that matches. */
  waitForView(match: (v: TakerPaperView) => boolean, timeoutMs?: number): Promise<TakerPaperView>;
  close(): void;
}

/** Connect a taker by seat token with a device id (and `query`, e.g. HAProxy's pool); resolves after the welcome. */
export async function connectTaker(
  url: string,
  token: string,
  deviceId: string,
  query?: Record<string, string>,
): Promise<Taker> {
  const socket: TakerSocket = ioClient(`${url}${WRITTEN_NAMESPACE}`, {
    auth: { protocolVersion: PROTOCOL_VERSION, token, deviceId },
    ...(query ? { query } : {}),
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const views: TakerPaperView[] = [];
  const notices: string[] = [];
  const waiters: { match: (v: TakerPaperView) => boolean; resolve: (v: TakerPaperView) => void }[] = [];
  const seen = (v: TakerPaperView) => {
    views.push(v);
    for (const w of [...waiters])
      if (w.match(v)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(v);
      }
  };
  socket.on('paper:state', seen);
  socket.on('paper:notice', (n) => notices.push(n.kind));
  const welcome = await new Promise<TakerWelcome>((resolve, reject) => {
    socket.once('paper:welcome', resolve);
    socket.once('connect_error', reject);
  });
  const call = <T>(p: Promise<unknown>) => p as Promise<T>;
  return {
    socket,
    welcome,
    views,
    notices,
    async open(form = {}) {
      const ack = await call<Ack<{ paper: TakerPaperView }>>(socket.timeout(5000).emitWithAck('paper:open', form));
      if (ack.ok) seen(ack.paper);
      return ack;
    },
    save: (questionId, choice, commandId = newCommandId()) =>
      call(socket.timeout(5000).emitWithAck('paper:save', { commandId, questionId, choice })),
    focus: (commandId = newCommandId()) => call(socket.timeout(5000).emitWithAck('paper:focus', { commandId })),
    submit: (commandId = newCommandId()) => call(socket.timeout(5000).emitWithAck('paper:submit', { commandId })),
    waitForView(match, timeoutMs = 5000) {
      const found = views.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timed out waiting for a paper view')), timeoutMs);
        waiters.push({
          match,
          resolve: (v) => {
            clearTimeout(timer);
            resolve(v);
          },
        });
      });
    },
    close: () => socket.disconnect(),
  };
}

/** The written segment of `writtenContest`. */
export const WRITTEN_SEGMENT = 'prelim-written';

/** The three-stage preliminary, with a multiple-choice question in place of q11 and a focus-loss limit of 3. */
export function writtenContest(): ContestFile {
  const c = JSON.parse(JSON.stringify(THREE_STAGE_CONTEST)) as ContestFile;
  c.questions.push({
    id: 'wm1',
    kind: 'multiple',
    text: '下列哪些是正确的？',
    options: ['A', 'B', 'C', 'D'].map((key) => ({ key, text: `选项${key}` })),
    answer: ['A', 'C'],
  });
  const seg = c.stages[0]!.segments[0]!;
  if (seg.kind !== 'written') throw new Error('written expected');
  seg.questionIds = ['q01', 'q03', 'q09', 'q10', 'wm1'];
  seg.settings = { durationSeconds: 1200, pointsPerQuestion: 20, focusLossLimit: 3 };
  return c;
}
