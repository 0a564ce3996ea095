/**
 * Results over HTTP, for the host only (Bearer host token, like the seats): the results sheet
 * as JSON (the print page renders it), the same numbers as CSV and XLSX, and a contestant's
 * score history from the log.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { domainError, scoreHistory, viewFor } from '@leitai/shared';
import type { ContestService } from '../contests/contest-service.ts';
import { buildResultsSheet, resultsCsv, type ExportLang } from '../results/results-tables.ts';
import { resultsXlsx } from '../results/results-xlsx.ts';
import { sendError } from './routes.ts';
import { hostOrAdmin } from './host-or-admin.ts';

const IdPattern = '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$';
const StageParams = Type.Object({
  contestId: Type.String({ pattern: IdPattern }),
  stageId: Type.String({ pattern: IdPattern }),
});
/** `?lang=en`: the export's headings, sheet names and notes in English (default zh-CN); the numbers are the same. */
const ExportQuery = Type.Object({ lang: Type.Optional(Type.Union([Type.Literal('zh-CN'), Type.Literal('en')])) });
const HistoryParams = Type.Object({
  contestId: Type.String({ pattern: IdPattern }),
  contestantId: Type.String({ pattern: IdPattern }),
});

export interface ResultsRouteOptions {
  service: ContestService;
  adminToken: string;
  now: () => number;
}

export function registerResultsRoutes(app: FastifyInstance, opts: ResultsRouteOptions): void {
  const { service } = opts;
  const authorise = hostOrAdmin(service.seats, opts.adminToken);
  const sheetFor = (contestId: string, stageId: string) => {
    const runtime = service.get(contestId);
    const state = runtime?.state;
    if (!runtime || !state) return null;
    return buildResultsSheet(viewFor(state, { role: 'host' }), stageId, opts.now(), runtime.eventsAfter(0));
  };
  const fileName = (title: string, ext: string) =>
    `attachment; filename="results.${ext}"; filename*=UTF-8''${encodeURIComponent(`${title}.${ext}`)}`;

  app.get('/api/contests/:contestId/results/:stageId', { schema: { params: StageParams } }, async (req, reply) => {
    const { contestId, stageId } = req.params as { contestId: string; stageId: string };
    const denied = authorise(req, contestId);
    if (denied) return sendError(reply, denied);
    const sheet = sheetFor(contestId, stageId);
    if (!sheet) return sendError(reply, domainError('NOT_FOUND', 'no such contest or stage'));
    return reply.header('cache-control', 'no-store').send(sheet);
  });

  /** The results exports: the same tables as CSV or XLSX, one handler taking the format. */
  const exports = {
    csv: { contentType: 'text/csv; charset=utf-8', write: resultsCsv },
    xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', write: resultsXlsx },
  } as const;
  for (const [ext, format] of Object.entries(exports)) {
    app.get(
      `/api/contests/:contestId/results/:stageId/${ext}`,
      { schema: { params: StageParams, querystring: ExportQuery } },
      async (req, reply) => {
        const { contestId, stageId } = req.params as { contestId: string; stageId: string };
        const { lang = 'zh-CN' } = req.query as { lang?: ExportLang };
        const denied = authorise(req, contestId);
        if (denied) return sendError(reply, denied);
        const sheet = sheetFor(contestId, stageId);
        if (!sheet) return sendError(reply, domainError('NOT_FOUND', 'no such contest or stage'));
        const body = await format.write(sheet, lang);
        return reply
          .header('content-type', format.contentType)
          .header('content-disposition', fileName(`${sheet.contestTitle}-${sheet.results.stageName}`, ext))
          .header('cache-control', 'no-store')
          .send(body);
      },
    );
  }

  app.get(
    '/api/contests/:contestId/history/:contestantId',
    { schema: { params: HistoryParams } },
    async (req, reply) => {
      const { contestId, contestantId } = req.params as { contestId: string; contestantId: string };
      const denied = authorise(req, contestId);
      if (denied) return sendError(reply, denied);
      const runtime = service.get(contestId);
      if (!runtime?.state) return sendError(reply, domainError('NOT_FOUND', 'no such contest'));
      return reply
        .header('cache-control', 'no-store')
        .send({ contestantId, changes: scoreHistory(runtime.eventsAfter(0), contestantId) });
    },
  );
}
