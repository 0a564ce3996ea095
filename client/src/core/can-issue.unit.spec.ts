import { expect, test } from 'vitest';
import { decide, evolve, viewFor, type Actor, type ClientCommand, type ContestState } from '@leitai/shared';
import { canIssue } from './can-issue.ts';
import { sampleState } from './test-support/sample-contest.ts';

const HOST: Actor = { role: 'host' };
const J1: Actor = { role: 'judge', subjectId: 'j1' };
const target = { segmentId: 'speech', contestantId: 'c1' };

/** Run a command through the real decide and evolve, as the server does (throws when refused). */
function apply(state: ContestState, command: ClientCommand, actor: Actor, now = 100): ContestState {
  const d = decide(state, command, { now, actor });
  if (!d.ok) throw new Error(d.error.message);
  let next = state;
  for (const e of d.events) next = evolve(next, e, next.version + 1)!;
  return next;
}

// The sample: stage 'semi' and its judged segment 'speech' running, c1 on stage, judge j1.
const started = () => apply(sampleState(5), { type: 'StartPerformance', data: { ...target, timed: true } }, HOST);
const scored = () => apply(started(), { type: 'SubmitJudgeScore', data: { ...target, score: 8875 } }, J1);

test('a command the server would accept is allowed; one it would refuse gives its typed error', () => {
  const lock: ClientCommand = { type: 'LockJudging', data: target };
  const before = canIssue(viewFor(sampleState(5), HOST), lock, HOST, 100);
  expect(before).toEqual({
    ok: false,
    error: { code: 'INVALID_STATE', message: "the performance of 'c1' has not started" },
  });
  const start = canIssue(viewFor(sampleState(5), HOST), { type: 'StartPerformance', data: target }, HOST, 100);
  expect(start.ok).toBe(true);
});

test('the role is checked as the server checks it', () => {
  const lock = canIssue(viewFor(scored(), J1), { type: 'LockJudging', data: target }, J1, 100);
  expect(lock.ok).toBe(false);
  if (!lock.ok) expect(lock.error.code).toBe('FORBIDDEN');
});

test("the host's view hides the judges' marks, yet the lock is allowed once someone has scored", () => {
  const hostView = viewFor(scored(), HOST);
  // The gap is real: the host sees who scored, not the value, and decide alone would refuse.
  expect(hostView.judging.performances['speech']?.['c1']?.submitted).toEqual(['j1']);
  expect(hostView.judging.performances['speech']?.['c1']?.marks).toEqual({});
  const lock: ClientCommand = { type: 'LockJudging', data: target };
  expect(decide(hostView, lock, { now: 100, actor: HOST }).ok).toBe(false);
  expect(canIssue(hostView, lock, HOST, 100).ok).toBe(true);
  // Before anyone scored, it is refused on the view as on the server.
  const none = canIssue(viewFor(started(), HOST), lock, HOST, 100);
  expect(none.ok).toBe(false);
  if (!none.ok) expect(none.error.message).toMatch(/nothing to lock/);
});

test("a judge's pad is enabled exactly while the server would take that judge's score", () => {
  const submit: ClientCommand = { type: 'SubmitJudgeScore', data: { ...target, score: 0 } };
  expect(canIssue(viewFor(sampleState(5), J1), submit, J1, 100).ok).toBe(false);
  expect(canIssue(viewFor(started(), J1), submit, J1, 100).ok).toBe(true);
  const recused = apply(started(), { type: 'SetRecusal', data: { ...target, judgeId: 'j1', recused: true } }, HOST);
  const refused = canIssue(viewFor(recused, J1), submit, J1, 100);
  expect(refused.ok).toBe(false);
  if (!refused.ok) expect(refused.error.code).toBe('FORBIDDEN');
  const locked = apply(scored(), { type: 'LockJudging', data: target }, HOST);
  expect(canIssue(viewFor(locked, J1), submit, J1, 100).ok).toBe(false);
});

test('on the host view the dry run agrees with the server deciding on the full state', () => {
  const states = [sampleState(5), started(), scored(), apply(scored(), { type: 'LockJudging', data: target }, HOST)];
  const commands: ClientCommand[] = [
    { type: 'StartPerformance', data: target },
    { type: 'LockJudging', data: target },
    { type: 'RevealScores', data: target },
    { type: 'SetRecusal', data: { ...target, judgeId: 'j1', recused: true } },
    { type: 'ChooseScene', data: { scene: 'judging' } },
  ];
  for (const state of states) {
    for (const command of commands) {
      const server = decide(state, command, { now: 100, actor: HOST });
      const dry = canIssue(viewFor(state, HOST), command, HOST, 100);
      expect(dry.ok, `${command.type} at version ${state.version}`).toBe(server.ok && server.events.length > 0);
    }
  }
});

test('a command that would change nothing is not offered, and no contest means nothing is', () => {
  const state = viewFor(started(), HOST);
  const same = canIssue(state, { type: 'SetRecusal', data: { ...target, judgeId: 'j1', recused: false } }, HOST, 100);
  expect(same).toEqual({ ok: false, error: { code: 'INVALID_STATE', message: 'this changes nothing now' } });
  expect(canIssue(null, { type: 'ChooseScene', data: { scene: 'judging' } }, HOST, 100).ok).toBe(false);
});
