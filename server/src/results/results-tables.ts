/**
 * The results of a stage as plain tables (header + rows of cells), shared by the JSON sheet,
 * the CSV and the XLSX export so every format carries the same numbers. Scores are strings
 * with two decimals (formatted from integer hundredths), never re-computed here.
 */
import {
  formatHundredths,
  judgeSheet,
  stageResults,
  type ContestState,
  type JudgeSheetSegment,
  type StageResults,
} from '@leitai/shared';

/** A table cell: text, or a score in hundredths (formatted with two decimals; a number in XLSX). */
export type Cell = string | { hundredths: number; note?: string } | null;

export interface Table {
  title: string;
  header: string[];
  rows: Cell[][];
}

export interface ResultsSheet {
  contestTitle: string;
  organiser: string | null;
  results: StageResults;
  judged: JudgeSheetSegment[];
  names: Record<string, { name: string; organisation: string; seat: number }>;
  generatedAt: number;
}

export function buildResultsSheet(state: ContestState, stageId: string, now: number): ResultsSheet | null {
  const results = stageResults(state, stageId);
  if (!results) return null;
  const names: ResultsSheet['names'] = {};
  state.definition.contestants.forEach((c, i) => {
    names[c.id] = { name: c.name, organisation: c.organisation, seat: c.seat ?? i + 1 };
  });
  return {
    contestTitle: state.definition.title,
    organiser: state.definition.organiser ?? null,
    results,
    judged: judgeSheet(state, stageId),
    names,
    generatedAt: now,
  };
}

const score = (h: number | null | undefined, note?: string): Cell =>
  h === null || h === undefined ? null : note ? { hundredths: h, note } : { hundredths: h };

/** The totals table and one table per judged segment. */
export function resultsTables(sheet: ResultsSheet): Table[] {
  const { results } = sheet;
  const totals: Table = {
    title: `${results.stageName} 总成绩`,
    header: [
      '名次',
      '序号',
      '姓名',
      '单位',
      ...results.segments.map((s) => `${s.name}（${formatHundredths(s.weight, { trimZeros: true })}%）`),
      '总分',
      '奖项',
      '单项奖',
    ],
    rows: results.rows.map((r) => [
      String(r.rank),
      String(r.seat),
      r.name,
      r.organisation,
      ...results.segments.map((s) => score(r.segmentScores[s.id] ?? null)),
      score(r.total),
      r.tier?.name ?? '',
      r.singleItems.map((a) => a.name).join('、'),
    ]),
  };
  const judged: Table[] = sheet.judged.map((seg) => ({
    title: `${results.stageName} ${seg.name} 评委评分`,
    header: ['序号', '姓名', ...seg.judges.map((j) => j.name), '去掉的分数', '去尾平均', '更正', '得分'],
    rows: seg.rows.map((row) => {
      const who = sheet.names[row.contestantId];
      const dropped = seg.judges.flatMap((j) => {
        const c = row.cells[j.id];
        return c?.kind === 'score' && c.dropped ? [formatHundredths(c.score)] : [];
      });
      return [
        String(who?.seat ?? ''),
        who?.name ?? row.contestantId,
        ...seg.judges.map((j): Cell => {
          const c = row.cells[j.id];
          if (!c) return null;
          if (c.kind === 'recused') return '回避';
          if (c.kind === 'missing') return '缺评';
          return score(c.score, c.dropped ? '去掉' : undefined);
        }),
        dropped.join(' / '),
        score(row.trimmedMean),
        row.corrections === 0 ? '' : formatHundredths(row.corrections, { sign: true }),
        score(row.score),
      ];
    }),
  }));
  return [totals, ...judged, ...popularityTable(sheet)];
}

/** The recorded cheer counts behind the popularity award (人气奖), most cheered first; none before a recording. */
function popularityTable(sheet: ResultsSheet): Table[] {
  const pop = sheet.results.popularity;
  if (!pop?.counts) return [];
  const winners = new Set(pop.winners.map((w) => w.id));
  const roster = sheet.results.rows.map((r) => r.id);
  const rows = [...roster].sort((a, b) => (pop.counts?.[b] ?? 0) - (pop.counts?.[a] ?? 0) || (a < b ? -1 : 1));
  return [
    {
      title: `${sheet.results.stageName} ${pop.name} 助力票数`,
      header: ['序号', '姓名', '单位', pop.by === 'cheers' ? '助力票数' : '点赞数', '奖项'],
      rows: rows.map((id) => {
        const who = sheet.names[id];
        return [
          String(who?.seat ?? ''),
          who?.name ?? id,
          who?.organisation ?? '',
          String(pop.counts?.[id] ?? 0),
          winners.has(id) ? pop.name : '',
        ];
      }),
    },
  ];
}
