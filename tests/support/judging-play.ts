/** Helpers for the judging integration tests: seat the panel, score, and watch every frame a socket receives. */
import type { ClientCommand, CommandAck } from '@leitai/shared';
import { connectScreen, type Screen } from './harness.ts';

/** A screen with every inbound frame recorded (a deep copy, exactly as it arrived). */
export interface RecordingScreen extends Screen {
  frames: { name: string; payload: unknown }[];
}

export async function connectRecording(
  url: string,
  auth: { token?: string; joinCode?: string; deviceId?: string },
): Promise<RecordingScreen> {
  const screen = await connectScreen(url, auth);
  const frames: { name: string; payload: unknown }[] = [
    { name: 'contest:snapshot', payload: structuredClone({ state: screen.state() }) },
  ];
  screen.socket.onAny((name: string, payload: unknown) => frames.push({ name, payload: structuredClone(payload) }));
  return Object.assign(screen, { frames });
}

/**
 * Send a command and fail the test on a refusal. A socket's message budget (20/s, bursts of 40)
 * refuses a scripted burst with RATE_LIMITED before deciding anything: back off and send again,
 * as a client does.
 */
export async function must(screen: Screen, command: ClientCommand): Promise<number> {
  const ack = await sendPaced(screen, command);
  if (!ack.ok) throw new Error(`${command.type} refused: ${ack.error.code} ${ack.error.message}`);
  return ack.position;
}

/** Send a command, backing off while the socket's message budget refuses it (RATE_LIMITED); the domain's answer. */
export async function sendPaced(screen: Screen, command: ClientCommand): Promise<CommandAck> {
  for (let attempt = 0; ; attempt++) {
    const ack: CommandAck = await screen.send(command);
    if (ack.ok || ack.error.code !== 'RATE_LIMITED' || attempt >= 40) return ack;
    await new Promise((r) => setTimeout(r, 60));
  }
}

/**
 * Every place in a value where a judge other than `me` has a score attached: an object with a
 * `judgeId` other than `me` and a `score` or `criteria`, or a `marks` map holding another judge.
 * Paths are returned for the failure message.
 */
export function foreignScores(value: unknown, me: string, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => foreignScores(v, me, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  const o = value as Record<string, unknown>;
  const found: string[] = [];
  if (typeof o['judgeId'] === 'string' && o['judgeId'] !== me && ('score' in o || 'criteria' in o)) found.push(path);
  if (o['marks'] && typeof o['marks'] === 'object') {
    for (const judgeId of Object.keys(o['marks'])) if (judgeId !== me) found.push(`${path}.marks.${judgeId}`);
  }
  for (const [k, v] of Object.entries(o)) found.push(...foreignScores(v, me, `${path}.${k}`));
  return found;
}

/** Split a 述行动 total (hundredths) over its rubric: 40% results, 30% innovation, the rest delivery. */
export function actionCriteria(total: number): Record<string, number> {
  const results = Math.floor((total * 4) / 10);
  const innovation = Math.floor((total * 3) / 10);
  return { results, innovation, delivery: total - results - innovation };
}

/**
 * Play one performance through sockets: the host starts it, each judge screen submits its score
 * (per criterion on a rubric segment), the host locks and, unless told not to, reveals.
 */
export async function playPerformance(
  host: Screen,
  judges: ReadonlyMap<string, Screen>,
  segmentId: string,
  contestantId: string,
  scores: Readonly<Record<string, number>>,
  opts: { rubric?: boolean; reveal?: boolean; lock?: boolean } = {},
): Promise<number> {
  let position = await must(host, { type: 'StartPerformance', data: { segmentId, contestantId } });
  for (const [judgeId, score] of Object.entries(scores)) {
    const judge = judges.get(judgeId);
    if (!judge) throw new Error(`no judge screen ${judgeId}`);
    await judge.waitForVersion(position);
    position = await must(
      judge,
      opts.rubric
        ? { type: 'SubmitJudgeScore', data: { segmentId, contestantId, criteria: actionCriteria(score) } }
        : { type: 'SubmitJudgeScore', data: { segmentId, contestantId, score } },
    );
  }
  if (opts.lock === false) return position;
  await host.waitForVersion(position);
  position = await must(host, { type: 'LockJudging', data: { segmentId, contestantId } });
  if (opts.reveal === false) return position;
  return must(host, { type: 'RevealScores', data: { segmentId, contestantId } });
}
