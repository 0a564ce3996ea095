/**
 * The JSON answers of the written test's HTTP routes (attach-written.ts), as TypeScript types the
 * routes are checked against (`satisfies`). scripts/write-protocol-schemas.ts publishes each as
 * docs/protocol-schemas/<name>.schema.json. The CSV/XLSX exports are files, not JSON.
 */
import type { ItemAnalysis, ProctorSummary, WrittenRun } from '@leitai/shared';
import type { TakerRow } from './written-service.ts';

/** `POST /api/written/register` and `POST /api/written/code`: the taker's seat. */
export interface TakerSeatAnswer {
  contestId: string;
  segmentId: string;
  takerId: string;
  token: string;
  url: string;
}

/** One roster taker's personal link of `GET /api/contests/:id/written/:segmentId/links`. */
export interface WrittenTakerLink {
  takerId: string;
  name: string;
  organisation: string;
  group: string;
  url: string;
  /** The short code typed on the taker page. */
  code: string;
  qrSvg: string;
}

/** `GET /api/contests/:id/written/:segmentId/links` (`links` is empty for open registration). */
export interface WrittenLinksAnswer {
  contestId: string;
  segmentId: string;
  title: string;
  stageName: string;
  segmentName: string;
  entry: 'open' | 'roster';
  joinCode: string;
  links: WrittenTakerLink[];
}

/** `GET /api/contests/:id/written/:segmentId/takers`. */
export interface WrittenTakersAnswer {
  summary: ProctorSummary | null;
  takers: TakerRow[];
}

/** A ranked taker of `GET /api/contests/:id/written/:segmentId/results`. */
export interface WrittenRankedRow extends TakerRow {
  rank: number;
}

/** `GET /api/contests/:id/written/:segmentId/results`: ranking per group and item analysis. */
export interface WrittenResultsAnswer {
  contestId: string;
  segmentId: string;
  status: WrittenRun['status'];
  released: WrittenRun['released'];
  ranking: { group: string; rows: WrittenRankedRow[] }[];
  items: ItemAnalysis[];
}
