import { describe, expect, test } from 'vitest';
import { estimateClock } from '../../clock/clock-sync.ts';
import { DEMO_CONTEST } from '../../demo/index.ts';
import type { ContestFile } from '../../model/contest-file-schema.ts';
import { contestSpec, opening, type ContestScenario } from '../contest-spec.ts';
import type { LinkQuality } from '../kernel/decision.ts';
import { HOLD_CAP_MS, claimWindow, holdDeadline, provenAt } from './buzz-arbitration.ts';
import type { PhotoFinishRule } from './types.ts';

const HOST = { role: 'host' } as const;
const phone = (id: string) => ({ role: 'contestant', subjectId: id }) as const;

/** The demo contest with the buzzer segment's photo-finish rule set. */
function withRule(rule: PhotoFinishRule): ContestFile {
  const def = JSON.parse(JSON.stringify(DEMO_CONTEST)) as ContestFile;
  for (const stage of def.stages) {
    for (const seg of stage.segments) {
      if (seg.id === 'knowledge-buzzer' && seg.kind === 'buzzer') seg.settings = { ...seg.settings, photoFinish: rule };
    }
  }
  return def;
}

/** Given q21 shown and the buzzer armed at 10 000 (arming link `link`). */
function armed(rule: PhotoFinishRule, link: LinkQuality = { rttMs: 60, synced: true }) {
  const w = contestSpec.given(
    ...opening({ definition: withRule(rule), segmentId: 'knowledge-buzzer' }),
    {
      type: 'QuestionPrepared',
      data: { run: 1, segmentId: 'knowledge-buzzer', round: 'buzzer', questionId: 'q21', contestantId: null },
    },
    { type: 'QuestionShown', data: { run: 1, questionId: 'q21', at: 2 } },
  );
  w.when({ type: 'ArmBuzzer', data: { run: 1 } }, HOST, 10_000, link).thenAccepted();
  return { w, openAt: w.state.knowledge.active!.buzz!.openAt };
}

/** c01 and c02 press 8 ms apart, each clock's timestamp uncertainty ±5 ms (a photo finish). */
function closePresses(w: ContestScenario, at: number, attempt = 1) {
  for (const [id, claimed, arrived] of [
    ['c01', at, at + 30],
    ['c02', at + 8, at + 35],
  ] as const) {
    w.when({ type: 'Buzz', data: { run: 1, attempt, pressedAt: claimed } }, phone(id), arrived, {
      rttMs: 60,
      synced: true,
      errorMs: 25,
      uncertaintyMs: 5,
    }).thenAccepted();
  }
}

describe('photo finish: the contest rule', () => {
  test('given rule earlier, when two presses are closer than their uncertainties, then the earlier estimate wins and the flag is recorded', () => {
    const { w, openAt } = armed('earlier');
    closePresses(w, openAt + 1000);
    const decided = w.whenDeadline().events[0]!;
    expect(decided).toMatchObject({
      type: 'BuzzDecided',
      data: {
        winnerId: 'c01',
        photoFinish: {
          rule: 'earlier',
          presses: [
            { contestantId: 'c01', boundMs: 5 },
            { contestantId: 'c02', boundMs: 5 },
          ],
        },
      },
    });
  });

  test('given rule host, when the decision falls due, then the photo finish is held for the host (no timer) and the host’s choice is recorded', () => {
    const { w, openAt } = armed('host');
    closePresses(w, openAt + 1000);
    const found = w.whenDeadline().events;
    expect(found.map((e) => e.type)).toEqual(['PhotoFinishFound']);
    expect(found[0]).toMatchObject({ data: { photoFinish: { rule: 'host' } } });
    const buzz = w.state.knowledge.active!.buzz!;
    expect(w.state.knowledge.active!.phase).toBe('armed');
    expect(buzz.order).toBeNull();
    expect(w.deadlines).toEqual([]);
    // A contestant cannot settle it, nor can a press not in the photo finish win it.
    w.when(
      { type: 'SettlePhotoFinish', data: { run: 1, attempt: 1, contestantId: 'c02' } },
      phone('c02'),
      12_000,
    ).thenFails('FORBIDDEN');
    w.when({ type: 'SettlePhotoFinish', data: { run: 1, attempt: 1, contestantId: 'c05' } }, HOST, 12_000).thenFails(
      'BAD_REQUEST',
    );
    const settled = w.when(
      { type: 'SettlePhotoFinish', data: { run: 1, attempt: 1, contestantId: 'c02' } },
      HOST,
      12_000,
    ).events;
    expect(settled[0]).toMatchObject({
      type: 'BuzzDecided',
      data: {
        winnerId: 'c02',
        at: 12_000,
        photoFinish: { rule: 'host', chosenId: 'c02' },
        order: [
          { contestantId: 'c02', gapMs: 0 },
          { contestantId: 'c01', gapMs: -8 },
        ],
      },
    });
    expect(w.state.knowledge.active!.contestantId).toBe('c02');
    expect(w.state.currentContestantId).toBe('c02');
    // Settled once: a second choice is refused.
    w.when({ type: 'SettlePhotoFinish', data: { run: 1, attempt: 1, contestantId: 'c01' } }, HOST, 12_100).thenFails(
      'INVALID_STATE',
    );
  });

  test('given rule host, when the presses are told apart, then the earliest wins with no flag and nothing is held', () => {
    const { w, openAt } = armed('host');
    const at = openAt + 1000;
    for (const [id, claimed] of [
      ['c01', at],
      ['c02', at + 40],
    ] as const) {
      w.when({ type: 'Buzz', data: { run: 1, attempt: 1, pressedAt: claimed } }, phone(id), claimed + 20, {
        rttMs: 60,
        synced: true,
        errorMs: 25,
        uncertaintyMs: 5,
      }).thenAccepted();
    }
    const decided = w.whenDeadline().events[0]!;
    expect(decided).toMatchObject({ type: 'BuzzDecided', data: { winnerId: 'c01' } });
    expect(decided.data).not.toHaveProperty('photoFinish');
  });

  test('given rule rebuzz, when two presses are a photo finish, then it is recorded and the buzzer is armed again; a second photo finish goes to the earlier estimate', () => {
    const { w, openAt } = armed('rebuzz');
    closePresses(w, openAt + 1000);
    const due = w.deadlines[0]!.at;
    const events = w.whenDeadline().events;
    expect(events.map((e) => e.type)).toEqual(['PhotoFinishFound', 'BuzzerArmed']);
    expect(events[1]).toMatchObject({
      data: { run: 1, attempt: 2, openAt: due + 300, closeAt: due + 300 + 10_000, rebound: false },
    });
    const active = w.state.knowledge.active!;
    expect(active.rebuzzedAfter).toMatchObject({ rule: 'rebuzz' });
    expect(active.buzz!.attempt).toBe(2);
    expect(active.buzz!.presses).toEqual([]);
    closePresses(w, active.buzz!.openAt + 500, 2);
    const second = w.whenDeadline().events[0]!;
    expect(second).toMatchObject({ type: 'BuzzDecided', data: { winnerId: 'c01', photoFinish: { rule: 'earlier' } } });
  });

  test('given a clamp-checked press, when its claim moves no more than its clock error bound, then it is not labelled clamped and its bound is the uncertainty', () => {
    const { w, openAt } = armed('earlier');
    const at = openAt + 1000;
    // Arrived 80 ms after the claim on a 60 ms window: moved 20 ms, within its ±25 ms clock bound.
    const press = w.when({ type: 'Buzz', data: { run: 1, attempt: 1, pressedAt: at } }, phone('c03'), at + 80, {
      rttMs: 60,
      synced: true,
      errorMs: 25,
      uncertaintyMs: 4,
    }).events[0]!;
    expect(press).toMatchObject({ data: { press: { mode: 'synced', boundMs: 4, errorMs: 25, correctedAt: at + 20 } } });
  });
});

describe('held decision (absence proofs)', () => {
  test('given arming by a gateway that proves absences, when the first press arrives, then the decision is due at its corrected time plus the slowest window, within the hold cap', () => {
    const { w, openAt } = armed('earlier', { rttMs: 240, synced: true, absenceProofs: true });
    expect(w.state.knowledge.active!.buzz!.holdMs).toBe(240);
    const at = openAt + 1000;
    const e = w.when({ type: 'Buzz', data: { run: 1, attempt: 1, pressedAt: at } }, phone('c01'), at + 50, {
      rttMs: 100,
      synced: true,
    }).events[0]!;
    expect(e).toMatchObject({ data: { decideAt: at + 240 } });
    expect(w.deadlines.map((d) => [d.at, d.command.type])).toEqual([[at + 240, 'DecideBuzz']]);
  });

  test('the pure parts: deadline, proofs, claim window and the clock’s uncertainty', () => {
    expect(holdDeadline(1000, 950, 240)).toBe(1190);
    expect(holdDeadline(1000, 950, 5000)).toBe(1000 + HOLD_CAP_MS);
    expect(holdDeadline(1000, 950, undefined)).toBe(1000 + HOLD_CAP_MS);
    expect(provenAt(1000, [1100, 1250])).toBe(1250);
    expect(provenAt(1000, [1100, null])).toBe(1000 + HOLD_CAP_MS);
    expect(provenAt(1000, [1900])).toBe(1000 + HOLD_CAP_MS);
    // The claim window keeps the longest answered round trip it remembers (one burst included).
    expect(claimWindow([20])).toBeNull();
    expect(claimWindow([20, 30, 25, 22, 400])).toBe(400);
    // Uncertainty: from how tightly the best bounds crowd each edge, never above the half-width.
    const samples = [0, 1, 2, 3].map((k) => ({ t0: k * 100, serverTime: k * 100 + 20 + k, t1: k * 100 + 40 + 2 * k }));
    const est = estimateClock(samples)!;
    expect(est.error).toBeGreaterThan(0);
    expect(est.uncertainty).toBeLessThanOrEqual(est.error);
    expect(est.uncertainty).toBeGreaterThanOrEqual(1);
    expect(estimateClock(samples.slice(0, 1))!.uncertainty).toBeUndefined();
  });
});
