/**
 * The JSON answers of the authoring routes (authoring-routes.ts), as TypeScript types the routes
 * are checked against (`satisfies`). scripts/write-protocol-schemas.ts publishes each as
 * docs/protocol-schemas/<name>.schema.json. The templates and exports are XLSX files, not JSON.
 */
import type { ApplySummary, ContestFile, DomainError, ErrorCode, ImportIssue, ProblemText } from '@leitai/shared';
import type { ParsedQuestions, ParsedRoster } from '../authoring/import-service.ts';
import type { ContestCreatedAnswer } from './http-answers.ts';

/** `GET /api/contests/:id/contest.json`: the draft's contest file (`started`: why it can no longer be replaced). */
export interface ContestJsonAnswer {
  contestId: string;
  started: string | null;
  contest: ContestFile;
}

/**
 * `PUT /api/contests/:id/contest.json` and `POST /api/contests/:id/import/questions|roster`
 * (201): the replacement contest's links; the draft `replaced` has its seats revoked.
 */
export interface DraftReplacedAnswer extends ContestCreatedAnswer {
  replaced: string;
  summary: ApplySummary;
}

/** `POST /api/contests/:id/import/questions/preview`: the parsed bank, nothing changed. */
export interface QuestionsPreviewAnswer extends ParsedQuestions {
  started: string | null;
}

/** `POST /api/contests/:id/import/roster/preview`: the parsed roster and its issues against the draft. */
export interface RosterPreviewAnswer extends ParsedRoster {
  started: string | null;
}

/**
 * Every refusal of the authoring routes but a contest file's problems and an import's errors: the
 * English `message` with the Chinese `zh` beside it (an unreadable or empty upload, a body that is
 * not JSON, a file too large, the draft already started). A missing contest or a wrong token is
 * the plain `HttpErrorAnswer`.
 */
export interface AuthoringErrorAnswer {
  error: { code: ErrorCode; message: string; zh: string };
}

/** 400 of `POST /api/contests/:id/import/questions|roster` when the import has an error: every issue, nothing imported. */
export interface ImportRefusedAnswer {
  error: { code: 'BAD_REQUEST'; message: string; zh: string };
  issues: ImportIssue[];
}

/**
 * 400 of `PUT /api/contests/:id/contest.json` (and of an import's confirm) when the resulting
 * contest file is invalid: the validator's `details` (English), the same problems in the
 * organiser's words (`problems`), and the first five of them on one line in `zh`.
 */
export interface ContestProblemsAnswer {
  error: DomainError & { zh: string };
  problems: ProblemText[];
}
