import { expect, test } from 'vitest';
import fc from 'fast-check';
import type { Question } from '../../model/contest-file-schema.ts';
import { resolveWrittenSettings } from '../../model/segment-defaults.ts';
import type { DomainError } from '../kernel/errors.ts';
import { writtenRun } from './decide-written.ts';
import {
  decidePaper,
  evolvePaper,
  paperDeadline,
  type Paper,
  type PaperCommand,
  type PaperContext,
  type PaperEvent,
} from './paper.ts';
import { drawPaper, paperLength } from './paper-draw.ts';
import type { WrittenRun } from './types.ts';

const QUESTIONS: Question[] = [
  {
    id: 'q1',
    kind: 'single',
    text: 'One',
    options: [
      { key: 'A', text: 'a' },
      { key: 'B', text: 'b' },
      { key: 'C', text: 'c' },
    ],
    answer: ['B'],
  },
  {
    id: 'q2',
    kind: 'multiple',
    text: 'Two',
    options: [
      { key: 'A', text: 'a' },
      { key: 'B', text: 'b' },
      { key: 'C', text: 'c' },
      { key: 'D', text: 'd' },
    ],
    answer: ['A', 'C'],
  },
  { id: 'q3', kind: 'truefalse', text: 'Three', answer: ['true'] },
];
const OPEN: WrittenRun = { ...writtenRun({ written: {} } as never, 'w'), status: 'open', openedAt: 0 };
const settings = resolveWrittenSettings({ settings: { durationSeconds: 600, focusLossLimit: 3 } });
const ctx = (now: number, run: WrittenRun = OPEN): PaperContext => ({
  now,
  segmentId: 'w',
  takerId: 'c01',
  run,
  settings,
  questions: QUESTIONS,
});
const opened = (at = 1000): PaperEvent => ({
  type: 'PaperOpened',
  data: { segmentId: 'w', takerId: 'c01', seed: 7, ...drawPaper(QUESTIONS, settings, 7), device: 'd1', at },
});

/** Given these paper events, when this command is decided: the events, or the error code. */
function given(...events: PaperEvent[]) {
  let paper: Paper | null = null;
  events.forEach((e, i) => (paper = evolvePaper(paper, e, i + 1)));
  return {
    paper,
    when(command: PaperCommand, c: PaperContext = ctx(2000)): PaperEvent[] | DomainError['code'] {
      const d = decidePaper(paper, command, c);
      return d.ok ? d.events : d.error.code;
    },
  };
}

test('opening a paper draws it from the seed: the same seed gives the same paper, recorded in the event', () => {
  const events = given().when({ type: 'OpenPaper', data: { device: 'd1', seed: 7 } }, ctx(1000));
  expect(events).toEqual([opened()]);
  const a = drawPaper(QUESTIONS, settings, 7);
  expect(drawPaper(QUESTIONS, settings, 7)).toEqual(a);
  // Every question once, every option once, true/false never shuffled.
  expect([...a.questionIds].sort()).toEqual(['q1', 'q2', 'q3']);
  expect([...(a.optionOrder.q2 ?? [])].sort()).toEqual(['A', 'B', 'C', 'D']);
  expect(a.optionOrder.q3).toEqual(['true', 'false']);
  const seeds = new Set(Array.from({ length: 40 }, (_, s) => drawPaper(QUESTIONS, settings, s).questionIds.join()));
  expect(seeds.size).toBeGreaterThan(1);
});

test('a draw per category takes that many of each, and without shuffling keeps the segment order', () => {
  const tagged = QUESTIONS.map((q, i) => ({ ...q, category: i < 2 ? 'x' : 'y' }));
  const layout = drawPaper(
    tagged,
    {
      draw: [
        { category: 'x', count: 1 },
        { category: 'y', count: 1 },
      ],
      shuffleQuestions: false,
      shuffleOptions: false,
    },
    3,
  );
  expect(layout.questionIds).toHaveLength(2);
  expect(layout.questionIds[1]).toBe('q3');
  expect(layout.optionOrder.q1 ?? layout.optionOrder.q2).toEqual(
    layout.questionIds[0] === 'q1' ? ['A', 'B', 'C'] : ['A', 'B', 'C', 'D'],
  );
});

test('paperLength: every question without draws; per category min(count, category); known without drawing', () => {
  const bank = (cats: (string | undefined)[]): Question[] =>
    cats.map((category, i) => ({
      id: `b${i}`,
      kind: 'truefalse',
      text: `t${i}`,
      answer: ['true'],
      ...(category !== undefined ? { category } : {}),
    }));
  const five = bank(['x', 'x', 'x', 'y', 'y']);
  expect(paperLength(five, [])).toEqual({ min: 5, max: 5 });
  expect(paperLength(five, [{ category: 'x', count: 2 }])).toEqual({ min: 2, max: 2 });
  // A short category gives what it has; an unknown category nothing.
  expect(
    paperLength(five, [
      { category: 'y', count: 4 },
      { category: 'z', count: 3 },
    ]),
  ).toEqual({ min: 2, max: 2 });
  // Without category: from everything left, after the category draws.
  expect(paperLength(five, [{ category: 'x', count: 3 }, { count: 10 }])).toEqual({ min: 5, max: 5 });
  expect(paperLength(five, [{ count: 1 }, { category: 'x', count: 2 }])).toEqual({ min: 3, max: 3 });
  // A draw without category may take a short category's questions first: 2 to 4 questions.
  expect(paperLength(five, [{ count: 2 }, { category: 'y', count: 2 }])).toEqual({ min: 2, max: 4 });
});

test('paperLength bounds the length of every drawn paper, and is exact when no draw can vary', () => {
  const arbitrary = fc.record({
    cats: fc.array(fc.constantFrom<string | undefined>('x', 'y', 'z', undefined), { maxLength: 12 }),
    draw: fc.array(
      fc.record({
        category: fc.constantFrom<string | undefined>('x', 'y', 'w', undefined),
        count: fc.integer({ min: 1, max: 6 }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
  });
  fc.assert(
    fc.property(arbitrary, ({ cats, draw }) => {
      const questions: Question[] = cats.map((category, i) => ({
        id: `p${i}`,
        kind: 'truefalse',
        text: `t${i}`,
        answer: ['true'],
        ...(category !== undefined ? { category } : {}),
      }));
      const rules = draw.map((d) => (d.category === undefined ? { count: d.count } : d)) as {
        category?: string;
        count: number;
      }[];
      const { min, max } = paperLength(questions, rules);
      const lengths = new Set<number>();
      for (let seed = 0; seed < 60; seed++) {
        lengths.add(
          drawPaper(questions, { draw: rules, shuffleQuestions: false, shuffleOptions: false }, seed).questionIds
            .length,
        );
      }
      for (const n of lengths) expect(n >= min && n <= max, `${n} in [${min}, ${max}]`).toBe(true);
      // Category draws only (or none without category before one): the length cannot vary.
      const firstAny = rules.findIndex((d) => d.category === undefined);
      if (firstAny < 0 || rules.slice(firstAny).every((d) => d.category === undefined)) expect(min).toBe(max);
    }),
    { numRuns: 300 },
  );
});

test('a paper cannot open before the test opens', () => {
  expect(
    given().when(
      { type: 'OpenPaper', data: { device: 'd1', seed: 1 } },
      ctx(0, writtenRun({ written: {} } as never, 'w')),
    ),
  ).toBe('INVALID_STATE');
});

test('the same device reopening changes nothing; a second device takes the paper over, logged', () => {
  const g = given(opened());
  expect(g.when({ type: 'OpenPaper', data: { device: 'd1', seed: 9 } })).toEqual([]);
  expect(g.when({ type: 'OpenPaper', data: { device: 'd2', seed: 9 } })).toEqual([
    { type: 'PaperTakenOver', data: { device: 'd2', previous: 'd1', at: 2000 } },
  ]);
});

test('an answer is saved once: the same choice again is no event (idempotent), keys are normalised', () => {
  const saved: PaperEvent = { type: 'AnswerSaved', data: { questionId: 'q2', choice: ['A', 'C'], at: 2000 } };
  expect(given(opened()).when({ type: 'SaveAnswer', data: { questionId: 'q2', choice: ['C', 'A', 'C'] } })).toEqual([
    saved,
  ]);
  expect(given(opened(), saved).when({ type: 'SaveAnswer', data: { questionId: 'q2', choice: ['A', 'C'] } })).toEqual(
    [],
  );
});

test('bad answers are refused with a typed error: unknown question, unknown option, two for a single', () => {
  const g = given(opened());
  expect(g.when({ type: 'SaveAnswer', data: { questionId: 'q9', choice: ['A'] } })).toBe('NOT_FOUND');
  expect(g.when({ type: 'SaveAnswer', data: { questionId: 'q1', choice: ['Z'] } })).toBe('BAD_REQUEST');
  expect(g.when({ type: 'SaveAnswer', data: { questionId: 'q1', choice: ['A', 'B'] } })).toBe('BAD_REQUEST');
  expect(g.when({ type: 'SaveAnswer', data: { questionId: 'q3', choice: ['maybe'] } })).toBe('BAD_REQUEST');
});

test('time is the server’s: after first opening + duration (+ extra time) a save is refused', () => {
  const g = given(opened(1000));
  expect(g.when({ type: 'SaveAnswer', data: { questionId: 'q1', choice: ['A'] } }, ctx(601_000))).toHaveLength(1);
  expect(g.when({ type: 'SaveAnswer', data: { questionId: 'q1', choice: ['A'] } }, ctx(601_001))).toBe('INVALID_STATE');
  const extended = { ...OPEN, extensions: { c01: 60_000 } };
  expect(
    g.when({ type: 'SaveAnswer', data: { questionId: 'q1', choice: ['A'] } }, ctx(640_000, extended)),
  ).toHaveLength(1);
  expect(paperDeadline(g.paper, extended, settings, 0)).toBe(661_000);
});

test('a window gives a late entrant only what remains', () => {
  const window = resolveWrittenSettings({ settings: { durationSeconds: 600, timing: 'window' } });
  const run = { ...OPEN, closesAt: 600_000 };
  expect(paperDeadline({ openedAt: 500_000, takerId: 'c01' }, run, window, 500_000)).toBe(600_000);
});

test('submitting is idempotent; after it no answer changes; a reopen starts a new round', () => {
  const submitted: PaperEvent = { type: 'PaperSubmitted', data: { reason: 'taker', round: 0, at: 2000 } };
  expect(given(opened()).when({ type: 'SubmitPaper', data: {} })).toEqual([submitted]);
  const g = given(opened(), submitted);
  expect(g.when({ type: 'SubmitPaper', data: {} })).toEqual([]);
  expect(g.when({ type: 'ExpirePaper', data: { reason: 'close' } })).toEqual([]);
  expect(g.when({ type: 'SaveAnswer', data: { questionId: 'q1', choice: ['A'] } })).toBe('INVALID_STATE');
  const reopened = { ...OPEN, reopened: { c01: 1 } };
  expect(g.when({ type: 'SaveAnswer', data: { questionId: 'q1', choice: ['A'] } }, ctx(3000, reopened))).toHaveLength(
    1,
  );
  expect(g.when({ type: 'SubmitPaper', data: {} }, ctx(3000, reopened))).toEqual([
    { type: 'PaperSubmitted', data: { reason: 'taker', round: 1, at: 3000 } },
  ]);
});

test('a void paper takes no answer', () => {
  expect(
    given(opened()).when(
      { type: 'SaveAnswer', data: { questionId: 'q1', choice: ['A'] } },
      ctx(2000, { ...OPEN, voided: { c01: 'phone' } }),
    ),
  ).toBe('INVALID_STATE');
});

test('focus losses are counted; the configured limit submits the paper', () => {
  const lost = (count: number): PaperEvent => ({ type: 'FocusLost', data: { count, at: 2000 } });
  expect(given(opened()).when({ type: 'ReportFocusLoss', data: {} })).toEqual([lost(1)]);
  expect(given(opened(), lost(1), lost(2)).when({ type: 'ReportFocusLoss', data: {} })).toEqual([
    lost(3),
    { type: 'PaperSubmitted', data: { reason: 'focus', round: 0, at: 2000 } },
  ]);
});

test('folding keeps answers, counts and the device', () => {
  const { paper } = given(
    opened(),
    { type: 'AnswerSaved', data: { questionId: 'q1', choice: ['B'], at: 1500 } },
    { type: 'PaperTakenOver', data: { device: 'd2', previous: 'd1', at: 1600 } },
    { type: 'FocusLost', data: { count: 1, at: 1700 } },
  );
  expect(paper).toMatchObject({
    answers: { q1: ['B'] },
    saves: 1,
    device: 'd2',
    takeovers: 1,
    focusLosses: 1,
    lastSeenAt: 1700,
    version: 4,
  });
});

test('a cleared answer leaves the paper as if never answered (live and rebuilt alike)', () => {
  const { paper } = given(
    opened(),
    { type: 'AnswerSaved', data: { questionId: 'q1', choice: ['B'], at: 1500 } },
    { type: 'AnswerSaved', data: { questionId: 'q2', choice: ['A'], at: 1550 } },
    { type: 'AnswerSaved', data: { questionId: 'q1', choice: [], at: 1600 } },
  );
  expect(paper).toHaveProperty('answers', { q2: ['A'] });
  expect(paper).toHaveProperty('saves', 3);
});
