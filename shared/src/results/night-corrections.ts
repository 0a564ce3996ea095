/**
 * The corrections made on the night (现场更正), from the log, for the results sheet and its
 * exports: a contestant's or unit's name corrected, a question voided (and the reserve that
 * replaced it), a judge's seat replaced, a segment's timer changed. Each line names what it
 * changed in the organiser's terms (names, 第 N 题, the segment's name), never by ids, with
 * the reason the host gave.
 */
import type { PositionedEvent } from '../contest/events.ts';
import { evolve } from '../contest/evolve.ts';
import { findSegment, findStage } from '../contest/kernel/lookup.ts';
import type { ContestState } from '../contest/state.ts';

export type NightCorrectionKind = 'contestant-name' | 'unit-name' | 'void-question' | 'judge-seat' | 'segment-timer';

/** One correction made on the night. */
export interface NightCorrectionLine {
  /** The event's version in the contest log. */
  version: number;
  /** Server time of the event (ms since epoch). */
  at: number;
  kind: NightCorrectionKind;
  /** What was corrected, named: the contestant, the unit, the segment and question, the judge's seat. */
  subject: string;
  /** Before → after, in words (zh-CN). */
  change: string;
  reason: string;
  /** The same correction as data, so a screen words it in its own language. */
  detail: NightCorrectionDetail;
}

/** What a correction changed, as data (names as they were at the time). */
export type NightCorrectionDetail =
  | { kind: 'contestant-name'; from: string; to: string }
  | { kind: 'unit-name'; from: string; to: string; contestants: number }
  | { kind: 'judge-seat'; from: string; to: string; newJudge: boolean }
  | {
      kind: 'segment-timer';
      segment: string;
      setting: 'answerSeconds' | 'performanceSeconds';
      from: number | null;
      to: number | null;
    }
  | {
      kind: 'void-question';
      segment: string;
      /** 第 N 题; 0 when unknown. */
      number: number;
      /** The contestant it was asked of ('' for a buzzer question). */
      contestant: string;
      reversed: number;
      replaced: boolean;
    };

/** Kinds as the results sheet names them (zh-CN). */
export const NIGHT_CORRECTION_KIND_NAMES: Record<NightCorrectionKind, string> = {
  'contestant-name': '更正选手姓名',
  'unit-name': '更正单位名称',
  'void-question': '作废题目',
  'judge-seat': '更换评委席位',
  'segment-timer': '调整环节计时',
};

const secondsText = (s: number | null): string => (s === null ? '不计时' : `${s} 秒`);

/**
 * Every correction on the night that touches `stageId` (names and judges' seats touch every
 * stage; a void or a timer only its own segment's stage), in log order. `stageId` null: all.
 */
export function nightCorrections(events: readonly PositionedEvent[], stageId: string | null): NightCorrectionLine[] {
  const lines: NightCorrectionLine[] = [];
  let state: ContestState | null = null;
  const inStage = (segmentId: string, s: ContestState): boolean =>
    stageId === null || (findStage(s.definition, stageId)?.segments.some((g) => g.id === segmentId) ?? false);
  for (const e of events) {
    const before: ContestState | null = state;
    state = evolve(state, e, e.version);
    if (!before) continue;
    const line = (detail: NightCorrectionDetail, subject: string, change: string, reason: string) =>
      lines.push({ version: e.version, at: e.metadata.at, kind: detail.kind, subject, change, reason, detail });
    const segmentName = (id: string) => findSegment(before.definition, id)?.segment.name ?? id;
    const contestantName = (id: string | null) =>
      (id && before.definition.contestants.find((c) => c.id === id)?.name) || '';
    switch (e.type) {
      case 'ContestantRenamed':
        line(
          { kind: 'contestant-name', from: e.data.from, to: e.data.to },
          e.data.from,
          `${e.data.from} → ${e.data.to}`,
          e.data.reason,
        );
        break;
      case 'UnitRenamed':
        line(
          { kind: 'unit-name', from: e.data.from, to: e.data.to, contestants: e.data.contestantIds.length },
          e.data.from,
          `${e.data.from} → ${e.data.to}（${e.data.contestantIds.length} 名选手）`,
          e.data.reason,
        );
        break;
      case 'JudgeSeatReplaced':
        line(
          { kind: 'judge-seat', from: e.data.from, to: e.data.to, newJudge: !!e.data.newJudge },
          `评委 ${e.data.from}`,
          e.data.newJudge
            ? `由 ${e.data.to} 接替，已评分数保留，原评分设备失效`
            : '更换评分设备，已评分数保留，原设备失效',
          e.data.reason,
        );
        break;
      case 'SegmentTimerChanged':
        if (!inStage(e.data.segmentId, before)) break;
        line(
          {
            kind: 'segment-timer',
            segment: segmentName(e.data.segmentId),
            setting: e.data.setting,
            from: e.data.from,
            to: e.data.to,
          },
          segmentName(e.data.segmentId),
          `${e.data.setting === 'answerSeconds' ? '答题时间' : '陈述时间'} ${secondsText(e.data.from)} → ${secondsText(e.data.to)}（此后生效）`,
          e.data.reason,
        );
        break;
      case 'QuestionVoided': {
        const v = e.data;
        if (!inStage(v.segmentId, before)) break;
        const number = v.number > 0 ? `第 ${v.number} 题` : '一道题';
        const who = contestantName(v.contestantId);
        const scores = v.reversals.length ? `撤销得分 ${v.reversals.length} 项` : '无得分需撤销';
        const next = v.replacementId ? '备用题补上' : '不补题';
        line(
          {
            kind: 'void-question',
            segment: segmentName(v.segmentId),
            number: v.number,
            contestant: who,
            reversed: v.reversals.length,
            replaced: v.replacementId !== null,
          },
          `${segmentName(v.segmentId)} ${number}${who ? `（${who}）` : ''}`,
          `${scores}，${next}`,
          v.reason,
        );
        break;
      }
      default:
        break;
    }
  }
  return lines;
}
