/**
 * The results of a stage as plain tables (header + rows of cells), shared by the JSON sheet,
 * the CSV and the XLSX export so every format carries the same numbers. Scores are strings
 * with two decimals (formatted from integer hundredths), never re-computed here. The totals
 * table shows every input of each total (per part: raw segment scores, base points, full marks,
 * weight, weighted contribution), so a person with a calculator gets the total.
 */
import {
  advancementSheet,
  formatHundredths,
  type AdvancementSheet,
  judgeSheet,
  NIGHT_CORRECTION_KIND_NAMES,
  nightCorrections,
  stageCorrections,
  stageResults,
  type ContestState,
  type CorrectionLine,
  type JudgeSheetSegment,
  type NightCorrectionLine,
  type PositionedEvent,
  type StageResults,
} from '@leitai/shared';

/**
 * A table cell: text, or a number in hundredths (a score with two decimals; `plain` for full
 * marks and weights, written without trailing zeros; a number in XLSX either way).
 */
export type Cell = string | { hundredths: number; note?: string; plain?: boolean } | null;

export interface Table {
  title: string;
  /** The XLSX worksheet's name (≤ 31 characters). */
  sheetName: string;
  header: string[];
  rows: Cell[][];
  /** A line printed under the table (how its numbers add up). */
  note?: string;
}

export interface ResultsSheet {
  contestTitle: string;
  organiser: string | null;
  results: StageResults;
  judged: JudgeSheetSegment[];
  /** The advancement sheet (晋级名单); null when the stage has no advancement rule. */
  advancement: AdvancementSheet | null;
  /** Every correction to this stage's scores, with its reason, in log order. */
  corrections: CorrectionLine[];
  /** Every correction made on the night that touches this stage (现场更正), with its reason, in log order. */
  night: NightCorrectionLine[];
  names: Record<string, { name: string; organisation: string; seat: number }>;
  generatedAt: number;
}

export function buildResultsSheet(
  state: ContestState,
  stageId: string,
  now: number,
  events: readonly PositionedEvent[],
): ResultsSheet | null {
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
    advancement: advancementSheet(state, stageId),
    corrections: stageCorrections(events, stageId),
    night: nightCorrections(events, stageId),
    names,
    generatedAt: now,
  };
}

const score = (h: number | null | undefined, note?: string): Cell =>
  h === null || h === undefined ? null : note ? { hundredths: h, note } : { hundredths: h };
const plain = (h: number): Cell => ({ hundredths: h, plain: true });

/** How a total is made, under the totals table (domain.md, "Arithmetic"). */
export const TOTAL_RULE =
  '总分 = Σ 权重(%) × 合计 ÷ 满分；合计 = 基础分 + 各环节得分。各部分按精确值相加，总分四舍五入保留两位小数；“加权分”为各部分四舍五入后的显示值，其和与总分可能相差 0.01。空白表示尚未得分，按 0 计。';

/** A part feeds its total through several columns when it has base points or several segments. */
const isComposite = (p: StageResults['parts'][number]): boolean => p.segmentIds.length > 1 || p.basePoints !== 0;

/** The totals table: per part every input of the total, then the total, the award and single-item awards. */
export function totalsTable(results: StageResults): Table {
  const segmentName = new Map(results.segments.map((s) => [s.id, s.name]));
  const header = ['名次', '序号', '姓名', '单位'];
  for (const p of results.parts) {
    if (isComposite(p)) {
      for (const id of p.segmentIds) header.push(`${segmentName.get(id) ?? id} 得分`);
      if (p.basePoints !== 0) header.push(`${p.name} 基础分`);
      header.push(`${p.name} 合计`);
    } else header.push(`${p.name} 得分`);
    header.push(`${p.name} 满分`, `${p.name} 权重(%)`, `${p.name} 加权分`);
  }
  header.push('总分', '奖项', '单项奖');
  return {
    title: `${results.stageName} 总成绩`,
    sheetName: '总成绩',
    header,
    rows: results.rows.map((r) => {
      const cells: Cell[] = [String(r.rank), String(r.seat), r.name, r.organisation];
      for (const p of results.parts) {
        const scored = r.parts.find((q) => q.partId === p.id);
        if (isComposite(p)) {
          for (const id of p.segmentIds) cells.push(score(r.segmentScores[id]));
          if (p.basePoints !== 0) cells.push(score(p.basePoints));
          cells.push(score(scored?.score));
        } else cells.push(score(r.segmentScores[p.segmentIds[0] ?? '']));
        cells.push(plain(p.fullMarks), plain(p.weight), score(scored?.weighted));
      }
      cells.push(score(r.total), r.tier?.name ?? '', r.singleItems.map((a) => a.name).join('、'));
      return cells;
    }),
    note: TOTAL_RULE,
  };
}

const ROLE_NAMES: Record<string, string> = { host: '主持', system: '系统', judge: '评委' };
const KIND_NAMES: Record<CorrectionLine['kind'], string> = {
  correction: '更正',
  undo: '撤销更正',
  'knowledge-undo': '撤销判分',
  void: '作废题目',
};

/** Server time as local date and time with its UTC offset, e.g. `2026-12-06 19:30:05 (UTC+08:00)`. */
export function formatTime(at: number): string {
  const d = new Date(at);
  const p = (n: number) => String(n).padStart(2, '0');
  const off = -d.getTimezoneOffset();
  const sign = off < 0 ? '-' : '+';
  return (
    `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}` +
    ` (UTC${sign}${p(Math.floor(Math.abs(off) / 60))}:${p(Math.abs(off) % 60)})`
  );
}

/** Every correction of the stage's scores with its reason, in log order. */
export function correctionsTable(sheet: ResultsSheet): Table {
  const segmentName = new Map(sheet.results.segments.map((s) => [s.id, s.name]));
  return {
    title: `${sheet.results.stageName} 成绩更正记录`,
    sheetName: '更正记录',
    header: ['日志版本', '时间', '环节', '序号', '姓名', '类别', '更正前', '变化', '更正后', '原因', '操作人'],
    rows: sheet.corrections.map((c) => {
      const who = sheet.names[c.contestantId];
      return [
        String(c.version),
        formatTime(c.at),
        segmentName.get(c.segmentId) ?? c.segmentId,
        String(who?.seat ?? ''),
        who?.name ?? c.contestantId,
        c.undoes
          ? `${KIND_NAMES[c.kind]} ${c.undoes}`
          : c.correctionId
            ? `${KIND_NAMES[c.kind]} ${c.correctionId}`
            : KIND_NAMES[c.kind],
        score(c.before),
        formatHundredths(c.delta, { sign: true }),
        score(c.after),
        c.reason,
        ROLE_NAMES[c.by] ?? c.by,
      ];
    }),
    ...(sheet.corrections.length === 0 ? { note: '无更正。' } : {}),
  };
}

/** The corrections made on the night (names, voided questions, judges' seats, timers), with their reasons. */
export function nightCorrectionsTable(sheet: ResultsSheet): Table {
  return {
    title: `${sheet.results.stageName} 现场更正记录`,
    sheetName: '现场更正',
    header: ['日志版本', '时间', '类别', '对象', '更正内容', '原因'],
    rows: sheet.night.map((c) => [
      String(c.version),
      formatTime(c.at),
      NIGHT_CORRECTION_KIND_NAMES[c.kind],
      c.subject,
      c.change,
      c.reason,
    ]),
    ...(sheet.night.length === 0 ? { note: '无现场更正。' } : {}),
  };
}

/** The totals table, one table per judged segment, the corrections, and the popularity counts. */
export function resultsTables(sheet: ResultsSheet): Table[] {
  const { results } = sheet;
  const judged: Table[] = sheet.judged.map((seg) => ({
    title: `${results.stageName} ${seg.name} 评委评分`,
    sheetName: seg.name.slice(0, 31),
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
    note: '标注“（去掉）”的分数为按规则去掉的最高分、最低分；得分 = 去尾平均 + 更正。',
  }));
  return [
    totalsTable(results),
    ...judged,
    correctionsTable(sheet),
    // 现场更正: a sheet of its own only when a correction was made on the night.
    ...(sheet.night.length > 0 ? [nightCorrectionsTable(sheet)] : []),
    ...popularityTable(sheet),
    ...advancementTables(sheet),
  ];
}

const OUTCOME = { advances: '晋级', tied: '并列（待定）', out: '' } as const;

/**
 * 晋级名单: per group the ranking by the rule with who advances, then the next stage's seeded
 * entrants; and, once confirmed, the record: ties and how they were settled, the reason, and
 * every correction of the next roster.
 */
function advancementTables(sheet: ResultsSheet): Table[] {
  const adv = sheet.advancement;
  if (!adv) return [];
  const name = (id: string) => sheet.names[id]?.name ?? id;
  const org = (id: string) => sheet.names[id]?.organisation ?? '';
  const seat = (id: string) => String(sheet.names[id]?.seat ?? '');
  const list: Table = {
    sheetName: '晋级名单',
    title: `${adv.stageName} 晋级名单 ${adv.toStageName ?? ''}`.trim(),
    header: [
      '组别',
      '组内名次',
      '序号',
      '姓名',
      '单位',
      ...adv.segments.map((s) => s.name),
      adv.byTotal ? '总分' : '排名分',
      adv.toStageName ? `晋级${adv.toStageName}` : '晋级',
    ],
    rows: [
      ...adv.groups.flatMap((g) =>
        g.rows.map((r): Cell[] => [
          g.name,
          String(r.rank),
          seat(r.id),
          name(r.id),
          org(r.id),
          ...adv.segments.map((s) => score(r.segmentScores[s.id] ?? null)),
          score(r.total),
          OUTCOME[r.outcome],
        ]),
      ),
      ...adv.seeded.map((id): Cell[] => [
        '直通',
        '',
        seat(id),
        name(id),
        org(id),
        ...adv.segments.map(() => null),
        null,
        '直通',
      ]),
    ],
  };
  if (!adv.confirmed) return [list];
  const record: Table = {
    sheetName: '晋级确认记录',
    title: `${adv.stageName} 晋级确认 记录`,
    header: ['事项', '内容', '理由'],
    rows: [
      ['确认晋级', new Date(adv.confirmed.at).toISOString(), adv.confirmed.reason ?? ''],
      ...adv.confirmed.tieResolutions.map((r): Cell[] => [
        `并列（${r.tiedIds.map(name).join('、')} 争 ${r.seats} 个名额）`,
        r.how === 'all' ? '并列者全部晋级' : `主持选择：${r.advancing.map(name).join('、')}`,
        r.how === 'all' ? '' : (adv.confirmed?.reason ?? ''),
      ]),
      ...(adv.nextRoster ?? []).map((g): Cell[] => [
        `${adv.toStageName ?? ''} ${g.name}`,
        g.contestantIds.map(name).join('、'),
        '',
      ]),
      ...adv.corrections.map((c): Cell[] => [
        '名单更正',
        [
          c.removed.length > 0 ? `退出：${c.removed.map(name).join('、')}` : '',
          c.added.length > 0 ? `递补：${c.added.map((a) => name(a.contestantId)).join('、')}` : '',
        ]
          .filter(Boolean)
          .join('；'),
        c.reason,
      ]),
    ],
  };
  return [list, record];
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
      sheetName: pop.name.slice(0, 31),
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

/** A cell as CSV text: scores with two decimals, a dropped mark followed by its note. */
export function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return cell;
  const text = formatHundredths(cell.hundredths, cell.plain ? { trimZeros: true } : {});
  return cell.note ? `${text}（${cell.note}）` : text;
}

/**
 * CSV with a UTF-8 byte-order mark (so Excel reads the Chinese) and CRLF line ends: every table
 * under its title, one blank line between tables. Written by the spreadsheet library that writes
 * the XLSX (its CSV writer quotes and escapes), from one worksheet holding the tables as text.
 */
export async function resultsCsv(sheet: ResultsSheet): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet('csv');
  ws.addRow([sheet.contestTitle]);
  for (const table of resultsTables(sheet)) {
    ws.addRow([]);
    ws.addRow([table.title]);
    ws.addRow(table.header);
    for (const row of table.rows) ws.addRow(row.map(cellText));
    if (table.note) ws.addRow([table.note]);
  }
  const data = await workbook.csv.writeBuffer({
    sheetName: 'csv',
    formatterOptions: { writeBOM: true, rowDelimiter: '\r\n', includeEndRowDelimiter: true },
  });
  return Buffer.from(data);
}
