/**
 * The JSON answers of the authoring routes (authoring-routes.ts), as TypeScript types the routes
 * are checked against (`satisfies`). scripts/write-protocol-schemas.ts publishes each as
 * docs/protocol-schemas/<name>.schema.json. The templates and exports are XLSX files, not JSON.
 */
import type { ApplySummary, ContestFile } from '@leitai/shared';
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
