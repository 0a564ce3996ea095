/**
 * docs/protocol-files.md: the bodies the server sends as files (the exported log, the contest
 * file, the results CSV/XLSX, the written test's export), with every table's columns **generated
 * from the code that writes them**: the table builders (server/src/results/results-tables.ts,
 * server/src/written/written-export.ts) are run over a sheet whose names are placeholders
 * (`‹segment 1›`, `‹judge 1›`, …), in each export language, so a column cannot change without this
 * page changing (tests/integration/protocol-schemas-fresh.int.spec.ts compares it).
 */
import * as prettier from 'prettier';
import type { JudgeSheetSegment, StageResults } from '@leitai/shared';
import { EXPORT_LANGS, RESULTS_LABELS, type ExportLang } from '../../server/src/results/results-labels.ts';
import { resultsTables, type ResultsSheet, type Table } from '../../server/src/results/results-tables.ts';
import { writtenTable, type WrittenExportInput } from '../../server/src/written/written-export.ts';

const STAGE = '‹stage›';
const P = (what: string) => `‹${what}›`;

/** A sheet with one of everything, named by placeholders and with no rows: only its headings matter here. */
function placeholderSheet(): ResultsSheet {
  const seg = (n: number, kind: string) => ({
    id: `s${n}`,
    name: P(`segment ${n}`),
    kind,
    fullMarks: 10000,
    weight: 2500,
  });
  const results = {
    stageId: 'stage',
    stageName: STAGE,
    segments: [seg(1, 'required'), seg(2, 'buzzer'), seg(3, 'judged')],
    parts: [
      {
        id: 'p1',
        name: P('part 1: several segments or base points'),
        segmentIds: ['s1', 's2'],
        basePoints: 10000,
        fullMarks: 30000,
        weight: 5000,
      },
      { id: 'p2', name: P('part 2: one segment'), segmentIds: ['s3'], basePoints: 0, fullMarks: 10000, weight: 5000 },
    ],
    rows: [],
    tiers: [],
    singleItems: [],
    popularity: { id: 'popularity', name: P('popularity award'), by: 'cheers', counts: {}, winners: [] },
    advancement: null,
  } as unknown as StageResults;
  const judged = {
    segmentId: 's3',
    name: P('judged segment'),
    judges: [
      { id: 'j1', name: P('judge 1') },
      { id: 'j2', name: P('judge 2') },
    ],
    rows: [],
  } as unknown as JudgeSheetSegment;
  return {
    contestTitle: P('contest title'),
    organiser: null,
    results,
    judged: [judged],
    advancement: {
      stageId: 'stage',
      stageName: STAGE,
      toStageId: 'next',
      toStageName: P('next stage'),
      perGroup: 1,
      segments: [
        { id: 's1', name: P('segment 1') },
        { id: 's2', name: P('segment 2') },
      ],
      byTotal: true,
      groups: [],
      seeded: [],
      confirmed: { at: 0, reason: null, tieResolutions: [] },
      nextRoster: [],
      corrections: [],
    },
    corrections: [],
    night: [
      {
        version: 1,
        at: 0,
        kind: 'contestant-name',
        subject: '',
        change: '',
        reason: '',
        detail: { kind: 'contestant-name', from: '', to: '' },
      },
    ],
    names: {},
    generatedAt: 0,
  };
}

const code = (s: string) => `\`${s.replace(/`/g, '\\`')}\``;
const cells = (header: readonly string[]) => header.map(code).join(', ');

/** What each results table is, in the order the files hold them (by its position in resultsTables). */
const TABLE_NOTES = [
  'always first. Per part: with several segments or base points, each segment’s score, the base points and the subtotal; with one segment, its score; then full marks, weight (%) and the weighted contribution; last the total, the award tier and the single-item awards. The note under it says how the total is made.',
  'one per judged segment of the stage: per judge the mark (`（去掉）`/` (dropped)` after a dropped one; `回避`/`recused`, `缺评`/`missing`), the dropped marks, the trimmed mean, the corrections (signed) and the score.',
  'always: every correction of the stage’s scores in log order (`无更正。`/`No corrections.` under it when none).',
  'only when a correction was made on the night: the log version, the time, the kind, what was corrected, the change in words, the reason.',
  'only when the stage has a popularity award whose counts were recorded: most cheered first (`点赞数`/`Likes` in place of the cheers column when the award counts likes).',
  'only when the stage has an advancement rule: per group the ranking by the rule, a column per segment it ranks by, then the total (`排名分`/`Ranking score` when the rule ranks by some segments only) and the outcome (`晋级`/`advances`, `并列（待定）`/`tied (to be decided)`, or empty); the next stage’s seeded entrants (group `直通`/`seeded`) last.',
  'only once the advancement is confirmed: the confirmation, every tie and how it was settled, the next roster’s groups, every correction of the next roster.',
];

function resultsSection(): string {
  const sheet = placeholderSheet();
  const byLang = Object.fromEntries(EXPORT_LANGS.map((l) => [l, resultsTables(sheet, l)])) as Record<
    ExportLang,
    Table[]
  >;
  const zh = byLang['zh-CN'];
  if (zh.length !== TABLE_NOTES.length) {
    throw new Error(`results tables: ${zh.length} generated, ${TABLE_NOTES.length} described in file-columns.ts`);
  }
  const lines: string[] = [];
  zh.forEach((table, i) => {
    const en = byLang.en[i]!;
    lines.push(
      `${i + 1}. **${table.sheetName.startsWith('‹') ? table.sheetName : code(table.sheetName)}** / **${en.sheetName.startsWith('‹') ? en.sheetName : code(en.sheetName)}** — ${TABLE_NOTES[i]!}`,
      '',
      `   - title: ${code(table.title)} / ${code(en.title)}`,
      `   - zh-CN columns: ${cells(table.header)}`,
      `   - English columns: ${cells(en.header)}`,
      '',
    );
  });
  return lines.join('\n');
}

function writtenSection(): string {
  const input = {
    info: {
      segment: { name: P('written segment') },
      questions: [
        { id: P('question id 1'), answer: ['A'] },
        { id: P('question id 2'), answer: ['B', 'C'] },
      ],
    },
    takers: [],
    papers: [],
  } as unknown as WrittenExportInput;
  const [zh] = writtenTable(input, 'zh-CN');
  const [en] = writtenTable(input, 'en');
  return [`- zh-CN columns: ${cells(zh!)}`, `- English columns: ${cells(en!)}`].join('\n');
}

/** The text of docs/protocol-files.md, formatted as the repository's prettier formats Markdown. */
export async function protocolFilesMarkdown(path: string): Promise<string> {
  const zhL = RESULTS_LABELS['zh-CN'];
  const enL = RESULTS_LABELS.en;
  const text = `<!-- Generated by scripts/write-protocol-schemas.ts from scripts/lib/file-columns.ts: do not edit by hand. -->

# Protocol: the bodies that are files

What the server sends as a file rather than as a JSON answer, described exactly enough to read
and recheck it without Leitai: each JSON body by a JSON Schema in
[protocol-schemas/](protocol-schemas/), each table by its columns, **generated from the code that
writes them** (the column lists below are the table builders' own headings, run over a sheet
whose names are placeholders such as \`‹segment 1›\`). Routes and who may ask:
[protocol.md](protocol.md#http-api).

## The exported log (\`GET /api/contests/:id/log\`)

\`application/x-ndjson; charset=utf-8\`, attachment \`leitai-<contestId>-log.ndjson\`: one stored
event per line, each line a JSON object described by
[\`LogLine.schema.json\`](protocol-schemas/LogLine.schema.json) (\`position, streamId, version,
type, data, metadata, hash\`; every event type of \`ContestEventsFrame\` but \`EventWithheld\`).
The field order, the canonical encoding and the hash chain byte for byte:
[log-format.md](log-format.md).

## The contest file (\`contest.json\`)

\`GET /api/contests/:id/contest.json\` answers \`ContestJsonAnswer\` (its \`contest\` is the draft's
contest file); \`PUT /api/contests/:id/contest.json\` and \`POST /api/contests\` take a contest
file as the body. The contest file is described by
[\`contest-file.schema.json\`](contest-file.schema.json) (generated from the TypeBox schema the
server validates with, \`shared/src/model/contest-file-schema.ts\`) and
[contest-file.md](contest-file.md).

## The results CSV and XLSX (\`GET /api/contests/:id/results/:stageId/csv\`, \`/xlsx\`)

The same tables in both, in this order; \`?lang=en\` writes every heading, title, note, fixed
label and worksheet name in English (protocol.md, "Export languages").

- **CSV**: UTF-8 with a byte-order mark, CRLF line ends, RFC 4180 quoting (a field with a comma,
  a quote, a line break or \`|\` is quoted, quotes doubled). Line 1 is the contest's title; then
  per table: an empty line, the table's title, its header row, its rows, and the note under it
  when it has one (one field).
- **XLSX**: one worksheet per table, named as below (a judged segment's and the popularity
  award's worksheet by its own name, cut to 31 characters; a repeated name gets \`-<n>\`): row 1
  the title, row 2 the header, then the rows, then the note. Scores are numbers with the format
  \`0.00\`, full marks and weights numbers in \`General\`; a dropped mark is struck through, with
  its note as the cell's comment.
- **Cells**: a score is written with two decimals (\`85.50\`, \`-5.00\`), full marks and weights
  without trailing zeros (\`150\`, \`15\`); an empty cell is not scored yet (it counts as 0); a
  dropped judge's mark reads \`85.50（去掉）\` / \`85.50 (dropped)\`; times read
  \`2026-12-06 19:30:05 (UTC+08:00)\` (the server's local time with its offset); names, units,
  reasons and what the contest file names are written as they are in both languages.
- The totals' rule, under the totals table: ${code(zhL.totalRule)} / ${code(enL.totalRule)}

${resultsSection()}

## The written test's export (\`GET /api/contests/:id/written/:segmentId/export.csv\`, \`export.xlsx\`)

One table, as CSV (UTF-8 with a byte-order mark, CRLF, RFC 4180 quoting as above) or as one
worksheet named after the segment: the header row, then the key row (the answer of each
question, the options' keys joined), then one row per taker; one column per question of the
segment, in the segment's order, whatever order each taker saw (\`—\` for a question not on
that taker's paper). Score with two decimals, empty before the paper is marked.

${writtenSection()}

## Other files

- The import templates and the authoring exports (\`/api/authoring/templates/*.xlsx\`,
  \`…/export/questions.xlsx\`, \`…/export/roster.xlsx\`): the columns and sheets of
  [guide-authoring.md](guide-authoring.md); what an import reads back:
  [protocol-authoring.md](protocol-authoring.md).
- \`GET /metrics\`: Prometheus text format 0.0.4; the metric names and meanings:
  [guide-operations.md](guide-operations.md).
`;
  const options = (await prettier.resolveConfig(path)) ?? {};
  return prettier.format(text, { ...options, filepath: path });
}
