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
import { RESULTS_LABELS, type ExportLang } from './results-labels.ts';

export type { ExportLang } from './results-labels.ts';

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
export const TOTAL_RULE = RESULTS_LABELS['zh-CN'].totalRule;

/** A part feeds its total through several columns when it has base points or several segments. */
const isComposite = (p: StageResults['parts'][number]): boolean => p.segmentIds.length > 1 || p.basePoints !== 0;

/** The totals table: per part every input of the total, then the total, the award and single-item awards. */
export function totalsTable(results: StageResults, lang: ExportLang = 'zh-CN'): Table {
  const L = RESULTS_LABELS[lang];
  const segmentName = new Map(results.segments.map((s) => [s.id, s.name]));
  const header = [L.rank, L.seat, L.name, L.unit];
  for (const p of results.parts) {
    if (isComposite(p)) {
      for (const id of p.segmentIds) header.push(L.score(segmentName.get(id) ?? id));
      if (p.basePoints !== 0) header.push(L.basePoints(p.name));
      header.push(L.subtotal(p.name));
    } else header.push(L.score(p.name));
    header.push(L.fullMarks(p.name), L.weight(p.name), L.weighted(p.name));
  }
  header.push(L.total, L.award, L.singleItems);
  return {
    title: L.totalsTitle(results.stageName),
    sheetName: L.totalsSheet,
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
      cells.push(score(r.total), r.tier?.name ?? '', r.singleItems.map((a) => a.name).join(L.listSeparator));
      return cells;
    }),
    note: L.totalRule,
  };
}

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
export function correctionsTable(sheet: ResultsSheet, lang: ExportLang = 'zh-CN'): Table {
  const L = RESULTS_LABELS[lang];
  const KIND_NAMES = L.correctionKinds;
  const segmentName = new Map(sheet.results.segments.map((s) => [s.id, s.name]));
  return {
    title: L.correctionsTitle(sheet.results.stageName),
    sheetName: L.correctionsSheet,
    header: L.correctionsHeader,
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
        L.roles[c.by] ?? c.by,
      ];
    }),
    ...(sheet.corrections.length === 0 ? { note: L.noCorrections } : {}),
  };
}

/** The corrections made on the night (names, voided questions, judges' seats, timers), with their reasons. */
export function nightCorrectionsTable(sheet: ResultsSheet, lang: ExportLang = 'zh-CN'): Table {
  const L = RESULTS_LABELS[lang];
  return {
    title: L.nightTitle(sheet.results.stageName),
    sheetName: L.nightSheet,
    header: L.nightHeader,
    rows: sheet.night.map((c) => {
      const { subject, change } = L.nightWords(c);
      return [String(c.version), formatTime(c.at), L.nightKinds[c.kind], subject, change, c.reason];
    }),
    ...(sheet.night.length === 0 ? { note: L.noNightCorrections } : {}),
  };
}

/** The totals table, one table per judged segment, the corrections, and the popularity counts. */
export function resultsTables(sheet: ResultsSheet, lang: ExportLang = 'zh-CN'): Table[] {
  const L = RESULTS_LABELS[lang];
  const { results } = sheet;
  const judged: Table[] = sheet.judged.map((seg) => ({
    title: L.judgedTitle(results.stageName, seg.name),
    sheetName: seg.name.slice(0, 31),
    header: [
      L.seat,
      L.name,
      ...seg.judges.map((j) => j.name),
      L.droppedMarks,
      L.trimmedMean,
      L.corrections,
      L.scoreHeading,
    ],
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
          if (c.kind === 'recused') return L.recused;
          if (c.kind === 'missing') return L.missing;
          return score(c.score, c.dropped ? L.dropped : undefined);
        }),
        dropped.join(' / '),
        score(row.trimmedMean),
        row.corrections === 0 ? '' : formatHundredths(row.corrections, { sign: true }),
        score(row.score),
      ];
    }),
    note: L.judgedNote,
  }));
  return [
    totalsTable(results, lang),
    ...judged,
    correctionsTable(sheet, lang),
    // 现场更正: a sheet of its own only when a correction was made on the night.
    ...(sheet.night.length > 0 ? [nightCorrectionsTable(sheet, lang)] : []),
    ...popularityTable(sheet, lang),
    ...advancementTables(sheet, lang),
  ];
}

/**
 * 晋级名单: per group the ranking by the rule with who advances, then the next stage's seeded
 * entrants; and, once confirmed, the record: ties and how they were settled, the reason, and
 * every correction of the next roster.
 */
function advancementTables(sheet: ResultsSheet, lang: ExportLang): Table[] {
  const L = RESULTS_LABELS[lang];
  const OUTCOME = L.outcome;
  const adv = sheet.advancement;
  if (!adv) return [];
  const name = (id: string) => sheet.names[id]?.name ?? id;
  const org = (id: string) => sheet.names[id]?.organisation ?? '';
  const seat = (id: string) => String(sheet.names[id]?.seat ?? '');
  const list: Table = {
    sheetName: L.advancementSheet,
    title: L.advancementTitle(adv.stageName, adv.toStageName ?? null),
    header: [
      L.group,
      L.groupRank,
      L.seat,
      L.name,
      L.unit,
      ...adv.segments.map((s) => s.name),
      adv.byTotal ? L.total : L.rankingScore,
      L.advancesTo(adv.toStageName ?? null),
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
        L.seeded,
        '',
        seat(id),
        name(id),
        org(id),
        ...adv.segments.map(() => null),
        null,
        L.seeded,
      ]),
    ],
  };
  if (!adv.confirmed) return [list];
  const record: Table = {
    sheetName: L.recordSheet,
    title: L.recordTitle(adv.stageName),
    header: L.recordHeader,
    rows: [
      [L.confirmed, new Date(adv.confirmed.at).toISOString(), adv.confirmed.reason ?? ''],
      ...adv.confirmed.tieResolutions.map((r): Cell[] => [
        L.tie(r.tiedIds.map(name).join(L.listSeparator), r.seats),
        r.how === 'all' ? L.tieAll : L.tieHost(r.advancing.map(name).join(L.listSeparator)),
        r.how === 'all' ? '' : (adv.confirmed?.reason ?? ''),
      ]),
      ...(adv.nextRoster ?? []).map((g): Cell[] => [
        `${adv.toStageName ?? ''} ${g.name}`,
        g.contestantIds.map(name).join(L.listSeparator),
        '',
      ]),
      ...adv.corrections.map((c): Cell[] => [
        L.rosterCorrection,
        [
          c.removed.length > 0 ? L.removed(c.removed.map(name).join(L.listSeparator)) : '',
          c.added.length > 0 ? L.added(c.added.map((a) => name(a.contestantId)).join(L.listSeparator)) : '',
        ]
          .filter(Boolean)
          .join(L.clauseSeparator),
        c.reason,
      ]),
    ],
  };
  return [list, record];
}

/** The recorded cheer counts behind the popularity award (人气奖), most cheered first; none before a recording. */
function popularityTable(sheet: ResultsSheet, lang: ExportLang): Table[] {
  const L = RESULTS_LABELS[lang];
  const pop = sheet.results.popularity;
  if (!pop?.counts) return [];
  const winners = new Set(pop.winners.map((w) => w.id));
  const roster = sheet.results.rows.map((r) => r.id);
  const rows = [...roster].sort((a, b) => (pop.counts?.[b] ?? 0) - (pop.counts?.[a] ?? 0) || (a < b ? -1 : 1));
  return [
    {
      title: L.popularityTitle(sheet.results.stageName, pop.name),
      sheetName: pop.name.slice(0, 31),
      header: [L.seat, L.name, L.unit, pop.by === 'cheers' ? L.cheers : L.likes, L.award],
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
  return cellTextIn('zh-CN')(cell);
}

/** `cellText` in a language (a dropped mark's note reads `（去掉）` or ` (dropped)`). */
export const cellTextIn =
  (lang: ExportLang) =>
  (cell: Cell): string => {
    if (cell === null) return '';
    if (typeof cell === 'string') return cell;
    const text = formatHundredths(cell.hundredths, cell.plain ? { trimZeros: true } : {});
    return cell.note ? RESULTS_LABELS[lang].withNote(text, cell.note) : text;
  };

/**
 * CSV with a UTF-8 byte-order mark (so Excel reads the Chinese) and CRLF line ends: every table
 * under its title, one blank line between tables. Written by the spreadsheet library that writes
 * the XLSX (its CSV writer quotes and escapes), from one worksheet holding the tables as text.
 */
export async function resultsCsv(sheet: ResultsSheet, lang: ExportLang = 'zh-CN'): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const ws = workbook.addWorksheet('csv');
  ws.addRow([sheet.contestTitle]);
  for (const table of resultsTables(sheet, lang)) {
    ws.addRow([]);
    ws.addRow([table.title]);
    ws.addRow(table.header);
    for (const row of table.rows) ws.addRow(row.map(cellTextIn(lang)));
    if (table.note) ws.addRow([table.note]);
  }
  const data = await workbook.csv.writeBuffer({
    sheetName: 'csv',
    formatterOptions: { writeBOM: true, rowDelimiter: '\r\n', includeEndRowDelimiter: true },
  });
  return Buffer.from(data);
}
