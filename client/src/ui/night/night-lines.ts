/**
 * The corrections made on the night as the host's list shows them, from the state every screen
 * folds (lifecycle amendments, voided questions, judges' seats replaced), newest first, each
 * naming what it changed — the contestant, the segment and 第 N 题, the judge — never by id.
 */
import type { ContestState, NightCorrectionKind, NightCorrectionLine } from '@leitai/shared';
import type { NightT } from './night-i18n.ts';

export interface NightLine {
  key: string;
  at: number;
  kind: NightCorrectionKind;
  text: string;
  reason: string;
}

const segmentName = (state: ContestState, id: string): string => {
  for (const stage of state.definition.stages) {
    const found = stage.segments.find((g) => g.id === id);
    if (found) return found.name;
  }
  return id;
};

/** Every correction made on the night, newest first. */
export function nightLines(state: ContestState, t: NightT): NightLine[] {
  const lines: NightLine[] = [];
  const seconds = (n: number | null) => (n === null ? t('night.timer.none') : t('night.line.seconds', { n }));
  const contestantName = (id: string | null) =>
    (id && state.definition.contestants.find((c) => c.id === id)?.name) || '';
  state.amendments.forEach((a, i) => {
    const key = `a${i}`;
    if (a.type === 'ContestantRenamed')
      lines.push({
        key,
        at: a.data.at,
        kind: 'contestant-name',
        text: t('night.line.rename', a.data),
        reason: a.data.reason,
      });
    else if (a.type === 'UnitRenamed')
      lines.push({
        key,
        at: a.data.at,
        kind: 'unit-name',
        text: t('night.line.unit', { from: a.data.from, to: a.data.to, n: a.data.contestantIds.length }),
        reason: a.data.reason,
      });
    else
      lines.push({
        key,
        at: a.data.at,
        kind: 'segment-timer',
        text: t('night.line.timer', {
          segment: segmentName(state, a.data.segmentId),
          setting: t(`night.line.${a.data.setting}`),
          from: seconds(a.data.from),
          to: seconds(a.data.to),
        }),
        reason: a.data.reason,
      });
  });
  for (const v of state.knowledge.voided) {
    const who = contestantName(v.contestantId);
    const replacement = v.replacementId ? state.definition.questions.find((q) => q.id === v.replacementId) : undefined;
    const next =
      v.replacementId === null
        ? t('night.line.notReplaced')
        : replacement
          ? t('night.line.replaced', { text: clip(replacement.text) })
          : t('night.line.replacedHidden');
    const what = t('night.line.voidQ', {
      segment: segmentName(state, v.segmentId),
      n: v.number || '?',
      who: who ? t('night.line.who', { name: who }) : '',
    });
    const scores = v.reversals.length
      ? t('night.line.voided', { n: v.reversals.length, next })
      : t('night.line.noScores', { next });
    lines.push({
      key: `v${v.run}`,
      at: v.at,
      kind: 'void-question',
      text: `${what}${t('night.line.sep')}${scores}`,
      reason: v.reason,
    });
  }
  state.judging.seatChanges.forEach((c, i) =>
    lines.push({
      key: `j${i}`,
      at: c.at,
      kind: 'judge-seat',
      text: c.newJudge
        ? t('night.line.judgeNew', { from: c.from, to: c.to })
        : t('night.line.judgeSame', { name: c.from }),
      reason: c.reason,
    }),
  );
  return lines.sort((a, b) => b.at - a.at);
}

/** The first characters of a question's text, for a list. */
export const clip = (text: string, n = 24): string => (text.length > n ? `${text.slice(0, n)}…` : text);

/**
 * A results-sheet line (现场更正) worded in the sheet's language from its data: what it
 * changed and the change. Lines from a server older than the data keep the server's wording.
 */
export function nightSheetText(line: NightCorrectionLine, t: NightT): { subject: string; change: string } {
  const d = line.detail;
  if (!d) return { subject: line.subject, change: line.change };
  const seconds = (n: number | null) => (n === null ? t('night.timer.none') : t('night.line.seconds', { n }));
  switch (d.kind) {
    case 'contestant-name':
      return { subject: d.from, change: t('night.line.rename', d) };
    case 'unit-name':
      return { subject: d.from, change: t('night.line.unit', { from: d.from, to: d.to, n: d.contestants }) };
    case 'judge-seat':
      return {
        subject: t('rs.judge', { name: d.from }),
        change: d.newJudge ? t('rs.judgeNew', { to: d.to }) : t('rs.judgeSame'),
      };
    case 'segment-timer':
      return {
        subject: d.segment,
        change: t('rs.timer', { setting: t(`night.line.${d.setting}`), from: seconds(d.from), to: seconds(d.to) }),
      };
    case 'void-question': {
      const who = d.contestant ? t('night.line.who', { name: d.contestant }) : '';
      const next = d.replaced ? t('rs.replaced') : t('night.line.notReplaced');
      return {
        subject:
          d.number > 0
            ? t('rs.voidQ', { segment: d.segment, n: d.number, who })
            : t('rs.voidQUnknown', { segment: d.segment, who }),
        change: d.reversed ? t('rs.voided', { n: d.reversed, next }) : t('rs.noScores', { next }),
      };
    }
  }
}
