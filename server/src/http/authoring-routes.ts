/**
 * Authoring over HTTP: the import templates, upload → preview (nothing stored), confirm → apply to
 * a contest that has not started, and the bank/roster exports. The file is the request body
 * itself (any content type, e.g. `application/octet-stream`), read as bytes, up to UPLOAD_LIMIT.
 *
 * Confirm creates the replacement contest from the draft's file with the import applied (a contest
 * is its log, whose first event holds the definition; there is no "replace definition" event) and
 * revokes the draft's seat links, so nobody runs the old draft by mistake. The answer carries the
 * new contest's id and links, like `POST /api/contests`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import {
  describeProblems,
  domainError,
  problemLine,
  type ApplySummary,
  type ContestFile,
  type ErrorCode,
  type ImportIssue,
} from '@leitai/shared';
import type { ContestService } from '../contests/contest-service.ts';
import {
  parseQuestionUpload,
  parseRosterUpload,
  startedReason,
  withQuestions,
  withRoster,
} from '../authoring/import-service.ts';
import { UploadError } from '../authoring/upload-decode.ts';
import { questionBankXlsx, questionTemplateXlsx, rosterTemplateXlsx, rosterXlsx } from '../authoring/authoring-xlsx.ts';
import { liveUrl, seatUrl, sendError } from './routes.ts';
import { hostOrAdmin } from './host-or-admin.ts';
import type { HttpErrorAnswer } from './http-answers.ts';
import type {
  AuthoringErrorAnswer,
  ContestJsonAnswer,
  ContestProblemsAnswer,
  DraftReplacedAnswer,
  ImportRefusedAnswer,
  QuestionsPreviewAnswer,
  RosterPreviewAnswer,
} from './authoring-answers.ts';

/** The largest upload: a 10,000-question workbook is ~1-2 MB; 20 MB leaves room for pictures pasted in. */
export const UPLOAD_LIMIT = 20 * 1024 * 1024;

const ContestIdParams = Type.Object({ contestId: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$' }) });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface AuthoringRouteOptions {
  service: ContestService;
  adminToken: string;
  publicUrl?: string;
}

/** An error with its Chinese text beside the English `message`. */
function bilingual(reply: FastifyReply, status: number, code: ErrorCode, zh: string, en: string): FastifyReply {
  return reply.code(status).send({ error: { code, message: en, zh } } satisfies AuthoringErrorAnswer);
}

const attachment = (name: string) =>
  `attachment; filename="${encodeURIComponent(name).replace(/%/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

export function registerAuthoringRoutes(app: FastifyInstance, opts: AuthoringRouteOptions): void {
  const { service } = opts;
  const base = (req: FastifyRequest) => opts.publicUrl ?? `${req.protocol}://${req.headers.host ?? 'localhost'}`;
  const authorise = hostOrAdmin(service.seats, opts.adminToken);

  void app.register((scope, _opts, registered) => {
    // Every body of these routes is the file's bytes, whatever the browser calls its type.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: UPLOAD_LIMIT }, (_req, body, done) => {
      done(null, body);
    });
    scope.setErrorHandler((err: { statusCode?: number; code?: string; message?: string }, _req, reply) => {
      if (err.statusCode === 413) {
        const mb = UPLOAD_LIMIT / 1024 / 1024;
        return bilingual(
          reply,
          413,
          'PAYLOAD_TOO_LARGE',
          `文件太大：上限为 ${mb} MB。请删去图片和无关的工作表后再上传`,
          `the file is too large: the limit is ${mb} MB. Remove pictures and unrelated sheets and upload it again`,
        );
      }
      if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
        return bilingual(
          reply,
          err.statusCode,
          'BAD_REQUEST',
          `请求无效：${err.message ?? ''}`,
          err.message ?? 'bad request',
        );
      }
      return reply.code(500).send({ error: domainError('INTERNAL', 'internal error') } satisfies HttpErrorAnswer);
    });

    const fileOf = (req: FastifyRequest): Buffer | null => (Buffer.isBuffer(req.body) ? req.body : null);
    const noFile = (reply: FastifyReply) =>
      bilingual(
        reply,
        400,
        'BAD_REQUEST',
        '没有收到文件：请选择一个 .xlsx 或 .csv 文件',
        'no file received: choose a .xlsx or .csv file',
      );
    const unreadable = (reply: FastifyReply, err: unknown) => {
      if (err instanceof UploadError) return bilingual(reply, 400, 'BAD_REQUEST', err.zh, err.en);
      throw err;
    };

    scope.get('/api/authoring/templates/questions.xlsx', async (_req, reply) =>
      reply
        .header('content-type', XLSX)
        .header('content-disposition', attachment('题库导入模板.xlsx'))
        .send(await questionTemplateXlsx()),
    );
    scope.get('/api/authoring/templates/roster.xlsx', async (_req, reply) =>
      reply
        .header('content-type', XLSX)
        .header('content-disposition', attachment('名单导入模板.xlsx'))
        .send(await rosterTemplateXlsx()),
    );

    /** Shared checks of every contest route: the contest exists and the caller is its host or the admin. */
    const contestFor = (req: FastifyRequest, reply: FastifyReply) => {
      const { contestId } = req.params as { contestId: string };
      const state = service.get(contestId)?.state;
      if (!state) {
        void sendError(reply, domainError('NOT_FOUND', `no contest '${contestId}'`));
        return null;
      }
      const denied = authorise(req, contestId);
      if (denied) {
        void sendError(reply, denied);
        return null;
      }
      return state;
    };

    scope.get(
      '/api/contests/:contestId/export/questions.xlsx',
      { schema: { params: ContestIdParams } },
      async (req, reply) => {
        const state = contestFor(req, reply);
        if (!state) return reply;
        return reply
          .header('content-type', XLSX)
          .header('content-disposition', attachment(`${state.definition.title}-题库.xlsx`))
          .header('cache-control', 'no-store')
          .send(await questionBankXlsx(state.definition.questions));
      },
    );
    scope.get(
      '/api/contests/:contestId/export/roster.xlsx',
      { schema: { params: ContestIdParams } },
      async (req, reply) => {
        const state = contestFor(req, reply);
        if (!state) return reply;
        return reply
          .header('content-type', XLSX)
          .header('content-disposition', attachment(`${state.definition.title}-名单.xlsx`))
          .header('cache-control', 'no-store')
          .send(await rosterXlsx(state.definition));
      },
    );

    /**
     * Create the replacement of a draft from its new contest file and revoke the draft's seats;
     * answers 201 with the new contest's links, or 400 with the file's problems (English in
     * `details`, Chinese lines in `zh` and `problems`).
     */
    const replaceDraft = async (
      req: FastifyRequest,
      reply: FastifyReply,
      draftId: string,
      file: unknown,
      summary?: ApplySummary,
    ) => {
      const created = await service.create(file);
      if (!created.ok) {
        const details = created.error.details ?? [];
        const problems = describeProblems(file, details);
        return reply.code(400).send({
          error: {
            ...created.error,
            zh: `比赛文件有 ${details.length} 处问题：${problems
              .slice(0, 5)
              .map((p) => problemLine(p, 'zh-CN'))
              .join('；')}`,
          },
          problems,
        } satisfies ContestProblemsAnswer);
      }
      service.seats.revokeContest(draftId);
      const b = base(req);
      const { contestId, joinCode, seats } = created.contest;
      return reply.code(201).send({
        replaced: draftId,
        contestId,
        joinCode,
        live: liveUrl(b, joinCode),
        seats: seats.map((s) => ({
          role: s.role,
          ...(s.subjectId ? { subjectId: s.subjectId } : {}),
          url: seatUrl(b, s),
        })),
        summary: summary ?? { droppedQuestionIds: [], droppedContestantIds: [], droppedJudgeIds: [] },
      } satisfies DraftReplacedAnswer);
    };

    scope.get('/api/contests/:contestId/contest.json', { schema: { params: ContestIdParams } }, async (req, reply) => {
      const state = contestFor(req, reply);
      if (!state) return reply;
      return reply.header('cache-control', 'no-store').send({
        contestId: state.contestId,
        started: startedReason(state),
        contest: state.definition,
      } satisfies ContestJsonAnswer);
    });

    scope.put(
      '/api/contests/:contestId/contest.json',
      { schema: { params: ContestIdParams }, bodyLimit: UPLOAD_LIMIT },
      async (req, reply) => {
        const state = contestFor(req, reply);
        if (!state) return reply;
        const started = startedReason(state);
        if (started) {
          return bilingual(
            reply,
            409,
            'CONFLICT',
            '比赛已经开始，不能再替换比赛设置（现场更正请用主持台的更正功能）',
            `the contest has started (${started}); its draft can no longer be replaced`,
          );
        }
        const buf = fileOf(req);
        if (!buf || buf.length === 0) return noFile(reply);
        let file: unknown;
        try {
          file = JSON.parse(buf.toString('utf8'));
        } catch {
          return bilingual(
            reply,
            400,
            'BAD_REQUEST',
            '不是有效的 JSON：请发送比赛文件',
            'the body is not valid JSON: send a contest file',
          );
        }
        return replaceDraft(req, reply, state.contestId, file);
      },
    );

    for (const kind of ['questions', 'roster'] as const) {
      const parse = kind === 'questions' ? parseQuestionUpload : parseRosterUpload;
      const route = { schema: { params: ContestIdParams }, bodyLimit: UPLOAD_LIMIT };

      scope.post(`/api/contests/:contestId/import/${kind}/preview`, route, async (req, reply) => {
        const state = contestFor(req, reply);
        if (!state) return reply;
        const buf = fileOf(req);
        if (!buf) return noFile(reply);
        try {
          const parsed = await parse(buf);
          const applied =
            kind === 'questions'
              ? null
              : withRoster(state.definition, parsed as Awaited<ReturnType<typeof parseRosterUpload>>);
          const issues = [...parsed.issues, ...(applied?.issues ?? [])];
          return reply.header('cache-control', 'no-store').send({
            ...parsed,
            issues,
            ok: !issues.some((i) => i.severity === 'error'),
            started: startedReason(state),
          } satisfies QuestionsPreviewAnswer | RosterPreviewAnswer);
        } catch (err) {
          return unreadable(reply, err);
        }
      });

      scope.post(`/api/contests/:contestId/import/${kind}`, route, async (req, reply) => {
        const state = contestFor(req, reply);
        if (!state) return reply;
        const started = startedReason(state);
        if (started) {
          return bilingual(
            reply,
            409,
            'CONFLICT',
            '比赛已经开始，不能再替换题库或名单（现场更正请用主持台的更正功能）',
            `the contest has started (${started}); its bank and roster can no longer be replaced`,
          );
        }
        const buf = fileOf(req);
        if (!buf) return noFile(reply);
        let file: ContestFile;
        let summary: ApplySummary;
        try {
          if (kind === 'questions') {
            const parsed = await parseQuestionUpload(buf);
            if (!parsed.ok) return reply.code(400).send(importRefused(parsed.issues));
            ({ file, summary } = withQuestions(state.definition, parsed));
          } else {
            const parsed = await parseRosterUpload(buf);
            const applied = withRoster(state.definition, parsed);
            const issues = [...parsed.issues, ...applied.issues];
            if (issues.some((i) => i.severity === 'error')) return reply.code(400).send(importRefused(issues));
            ({ file, summary } = applied);
          }
        } catch (err) {
          return unreadable(reply, err);
        }
        return replaceDraft(req, reply, state.contestId, file, summary);
      });
    }
    registered();
  });
}

function importRefused(issues: ImportIssue[]): ImportRefusedAnswer {
  const errors = issues.filter((i) => i.severity === 'error');
  return {
    error: {
      code: 'BAD_REQUEST',
      message: `the import has ${errors.length} error(s); nothing was imported`,
      zh: `导入有 ${errors.length} 处错误，未导入任何内容`,
    },
    issues,
  };
}
