/**
 * The JSON answers of the host's ingest routes (ingest-routes.ts, docs/protocol-ingest.md), as
 * TypeScript types the routes are checked against (`satisfies`). scripts/write-protocol-schemas.ts
 * publishes each as docs/protocol-schemas/<name>.schema.json. Keys go in, never out: a source is
 * only ever answered as its `SourceView`.
 */
import type { ErrorCode } from '@leitai/shared';
import type { SourceView } from './ingest-manager.ts';

/** `GET /api/contests/:id/ingest`. */
export interface IngestSourcesAnswer {
  sources: SourceView[];
}

/** `POST /api/contests/:id/ingest` (201) and `POST /api/contests/:id/ingest/:sourceId/start|stop`. */
export interface IngestSourceAnswer {
  source: SourceView;
}

/** `DELETE /api/contests/:id/ingest/:sourceId`. */
export interface IngestRemovedAnswer {
  ok: true;
}

/** One pushed item's outcome in the webhook's answer, in the order of the push. */
export type IngestPushItemAnswer = { ok: true; status: string } | { ok: false; code: ErrorCode };

/** `POST /api/ingest/:contestId/:sourceId` (the signed webhook): each item's outcome. */
export interface IngestPushAnswer {
  ok: true;
  results: IngestPushItemAnswer[];
}
