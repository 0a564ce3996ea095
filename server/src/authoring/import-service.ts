/**
 * Import and apply, on the server side: decode the upload, parse it with the pure import
 * (shared/src/authoring/), and — on confirm — build the draft's contest file with the new bank or
 * roster and create the replacement contest from it (the only creation path the store has:
 * a contest is its log, and `ContestCreated` is its first event).
 */
import {
  applyQuestions,
  applyRoster,
  importQuestions,
  importRoster,
  normaliseHeading,
  questionField,
  type ApplySummary,
  type ContestFile,
  type ContestState,
  type ImportIssue,
  type QuestionImport,
  type RosterImport,
  type SheetTable,
} from '@leitai/shared';
import { decodeUpload, type DecodedUpload } from './upload-decode.ts';

export interface ParsedQuestions extends QuestionImport {
  format: DecodedUpload['format'];
  encoding?: DecodedUpload['encoding'];
  sheet: string;
}

export interface ParsedRoster extends RosterImport {
  format: DecodedUpload['format'];
  encoding?: DecodedUpload['encoding'];
  /** True when the contestants sheet has a 种子 column (it then decides the seeds). */
  seedColumn: boolean;
}

/** The sheet holding the bank: the first with a 题干 heading in its leading rows, else the first. */
function bankSheet(tables: SheetTable[]): SheetTable {
  const found = tables.find((t) =>
    t.rows.slice(0, 5).some((r) => r.some((c) => typeof c === 'string' && questionField(c) === 'text')),
  );
  return found ?? (tables[0] as SheetTable);
}

/** Decode and parse a question-bank upload (throws UploadError when unreadable). */
export async function parseQuestionUpload(buf: Buffer): Promise<ParsedQuestions> {
  const decoded = await decodeUpload(buf, '题库');
  const table = bankSheet(decoded.tables);
  return {
    ...importQuestions(table),
    format: decoded.format,
    ...(decoded.encoding ? { encoding: decoded.encoding } : {}),
    sheet: table.name,
  };
}

/** Decode and parse a roster upload. */
export async function parseRosterUpload(buf: Buffer): Promise<ParsedRoster> {
  const decoded = await decodeUpload(buf, '名单');
  const parsed = importRoster(decoded.tables);
  const seedColumn =
    parsed.contestants !== null &&
    decoded.tables.some((t) =>
      t.rows
        .slice(0, 5)
        .some((r) =>
          r.some(
            (c) =>
              typeof c === 'string' &&
              /^(种子|种子\(直通赛段\)|种子选手|直通|直通赛段|直接进入|seed)$/.test(normaliseHeading(c)),
          ),
        ),
    );
  return {
    ...parsed,
    format: decoded.format,
    ...(decoded.encoding ? { encoding: decoded.encoding } : {}),
    seedColumn,
  };
}

/** Why a contest can no longer be replaced, or null while it is a draft (nothing run, nothing scored). */
export function startedReason(state: ContestState): string | null {
  if (Object.values(state.stageStatus).some((s) => s !== 'pending')) return 'a stage has started';
  if (Object.values(state.segmentStatus).some((s) => s !== 'pending')) return 'a segment has started';
  if (Object.keys(state.scores).length > 0) return 'scores are recorded';
  return null;
}

/** The draft with the imported bank. */
export function withQuestions(
  draft: ContestFile,
  parsed: ParsedQuestions,
): { file: ContestFile; summary: ApplySummary } {
  return applyQuestions(
    draft,
    parsed.items.map((i) => i.question),
  );
}

/** The draft with the imported roster; `issues` holds seeds naming no stage of this contest. */
export function withRoster(
  draft: ContestFile,
  parsed: ParsedRoster,
): { file: ContestFile; summary: ApplySummary; issues: ImportIssue[] } {
  return applyRoster(draft, parsed.contestants, parsed.judges, { seedColumn: parsed.seedColumn });
}
