import { describe, expect, test } from 'vitest';
import { DEMO_CONTEST } from '../demo/index.ts';
import type { Actor } from './kernel/actor.ts';
import type { ContestCommand } from './commands.ts';
import { contestSpec, foldAs, opening } from './contest-spec.ts';
import type { ContestEvent } from './events.ts';
import type { ContestState } from './state.ts';
import { projectEvent, viewFor } from './view.ts';

const HOST: Actor = { role: 'host' };
const AUDIENCE: Actor = { role: 'audience' };
const STAGE: Actor = { role: 'stage' };
const OVERLAY: Actor = { role: 'overlay' };

/** The demo contest run a little: q01 shown, answered and revealed; q02 shown, not revealed; q03 in preview. */
function played(): { state: ContestState; log: ContestEvent[] } {
  const w = contestSpec.given(...opening({ segmentId: 'knowledge-required' }));
  let now = 10;
  const run = (command: ContestCommand, actor: Actor = HOST) => w.when(command, actor, (now += 10)).thenAccepted();
  const seg = 'knowledge-required';
  run({ type: 'PrepareQuestion', data: { segmentId: seg, questionId: 'q01', contestantId: 'c01' } });
  run({ type: 'ShowQuestion', data: { run: 1 } });
  run({ type: 'MarkAnswer', data: { run: 1, result: 'correct' } });
  run({ type: 'RevealAnswer', data: { run: 1 } });
  run({ type: 'FinishQuestion', data: { run: 1 } });
  run({ type: 'PrepareQuestion', data: { segmentId: seg, questionId: 'q02', contestantId: 'c01' } });
  run({ type: 'ShowQuestion', data: { run: 2 } });
  run({ type: 'MarkAnswer', data: { run: 2, result: 'wrong' } });
  run({ type: 'FinishQuestion', data: { run: 2 } });
  run({ type: 'PrepareQuestion', data: { segmentId: seg, questionId: 'q03', contestantId: 'c02' } });
  return { state: w.state, log: w.log };
}

const question = (id: string) => DEMO_CONTEST.questions.find((q) => q.id === id)!;

describe('the audience view', () => {
  test('holds no question and no answer that was not revealed on stage', () => {
    const { state } = played();
    const view = viewFor(state, AUDIENCE);
    const json = JSON.stringify(view);
    expect(view.definition.questions).toEqual([]);
    // No question text, option, reference or explanation of the bank reaches the phone.
    for (const q of DEMO_CONTEST.questions) {
      expect(json, q.id).not.toContain(JSON.stringify(q.text));
      for (const o of q.options ?? []) expect(json, `${q.id} ${o.key}`).not.toContain(JSON.stringify(o.text));
      if (q.reference) expect(json, q.id).not.toContain(JSON.stringify(q.reference));
    }
    // The question in preview is not even named.
    expect(view.knowledge.active).toMatchObject({ phase: 'preview', questionId: '' });
    expect(json).not.toContain('"q03"');
    // The only answer the audience holds is the one revealed on stage (q01), not q02's.
    expect(state.knowledge.finished.map((f) => f.questionId)).toEqual(['q01', 'q02']);
    const answers = [...json.matchAll(/"answer":(\[[^\]]*\])/g)].map((m) => JSON.parse(m[1]!) as string[]);
    expect(answers.filter((a) => a.length > 0)).toEqual([]);
    expect(question('q02').answer.length).toBeGreaterThan(0);
  });

  test('events: the reveal reaches the audience as it is; a question only prepared is not named', () => {
    const { state, log } = played();
    const reveal = log.find((e) => e.type === 'AnswerRevealed')!;
    expect(projectEvent(reveal, AUDIENCE)).toEqual(reveal);
    // q03 is prepared, never shown: its event names no question for the audience.
    const prepared = log.filter((e) => e.type === 'QuestionPrepared').at(-1)!;
    expect(projectEvent(prepared, AUDIENCE)).toMatchObject({ data: { questionId: '' } });
    expect(viewFor(state, AUDIENCE).knowledge.active?.revealed).toBeNull();
  });

  test('keeps what the live page shows and drops the rest of the contest file', () => {
    const { state } = played();
    const def = viewFor(state, AUDIENCE).definition;
    expect(def.title).toBe(DEMO_CONTEST.title);
    expect(def.subtitle).toBe(DEMO_CONTEST.subtitle);
    expect(def.organiser).toBe(DEMO_CONTEST.organiser);
    expect(def.contestants).toEqual(
      DEMO_CONTEST.contestants.map(({ id, name, organisation, photo, seat }) => ({
        id,
        name,
        organisation,
        ...(photo === undefined ? {} : { photo }),
        ...(seat === undefined ? {} : { seat }),
      })),
    );
    expect(def.judges).toEqual([]);
    expect(def.awards).toBeUndefined();
    const stage = def.stages[0]!;
    expect(stage.groups).toEqual(DEMO_CONTEST.stages[0]!.groups);
    expect(stage.segments.map((g) => [g.id, g.name, g.kind])).toEqual(
      DEMO_CONTEST.stages[0]!.segments.map((g) => [g.id, g.name, g.kind]),
    );
    for (const g of stage.segments) if ('questionIds' in g) expect(g.questionIds).toEqual([]);
    // Small enough to send to every phone at connect (B3): the stage's view of the demo is ~13 KB, this ~3 KB
    // (~4 KB played, with the rosters that advancement builds: ~150 bytes for the demo).
    const bytes = (x: unknown) =>
      [...JSON.stringify(x)].reduce(
        (n, ch) => n + (ch <= '\u007f' ? 1 : ch <= '\u07ff' ? 2 : ch.length === 2 ? 4 : 3),
        0,
      );
    expect(bytes(viewFor(state, HOST))).toBeGreaterThan(10_000);
    expect(bytes(viewFor(state, AUDIENCE))).toBeLessThan(4_300);
  });

  test('the stage and overlay hold the shown questions only, no bank and no question order; the host holds all', () => {
    const { state } = played();
    for (const viewer of [
      STAGE,
      OVERLAY,
      { role: 'contestant', subjectId: 'c01' } as const,
      { role: 'judge', subjectId: 'j1' } as const,
    ]) {
      const view = viewFor(state, viewer);
      expect(view.definition.questions).toEqual([]);
      for (const g of view.definition.stages.flatMap((s) => s.segments)) {
        if ('questionIds' in g) expect(g.questionIds).toEqual([]);
      }
      // q01 and q02 were shown: their cards, without answer, reference or explanation; q03 is in preview.
      expect(Object.keys(view.knowledge.cards)).toEqual(['q01', 'q02']);
      expect(view.knowledge.cards.q01).toEqual({
        id: 'q01',
        kind: question('q01').kind,
        text: question('q01').text,
        options: question('q01').options,
        category: question('q01').category,
      });
      const json = JSON.stringify(view);
      for (const q of DEMO_CONTEST.questions.filter((x) => x.id !== 'q01' && x.id !== 'q02')) {
        expect(json, q.id).not.toContain(JSON.stringify(q.text));
      }
      expect(view.definition.judges).toEqual(DEMO_CONTEST.judges);
      expect(view.definition.awards).toEqual(DEMO_CONTEST.awards);
      expect(view.definition.contestants).toEqual(DEMO_CONTEST.contestants);
    }
    expect(viewFor(state, HOST).definition).toBe(DEMO_CONTEST);
  });

  test('folding the events projected for the audience equals the audience view', () => {
    const { state, log } = played();
    for (const viewer of [AUDIENCE, STAGE, HOST, { role: 'contestant', subjectId: 'c02' } as const]) {
      const s = foldAs(log, viewer);
      expect(s).toEqual(viewFor(state, viewer));
    }
  });
});
