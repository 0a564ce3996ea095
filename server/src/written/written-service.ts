/**
 * The written test on the server: I/O around the pure paper decider. Each paper is a stream of
 * its own (`paper-<contest>/<segment>/<taker>`), so the per-taker traffic (answer saves, focus
 * losses, submits, take-overs) never passes through the contest state every screen receives and
 * every snapshot carries. A command is validated → decided against the paper's decided state →
 * appended (group commit) → acknowledged only once durable → folded into the durable paper and
 * delivered to that taker's sockets; the host gets a throttled summary (attach-written.ts).
 *
 * The contest-level facts (open/closed, extra time, void, reopen, release) live in the contest
 * stream (shared/src/contest/written); this service reacts to them: at the close it submits
 * every paper, grades them and records the roster's scores in the ledger as one event.
 */
import { randomInt } from 'node:crypto';
import {
  SYSTEM_ACTOR,
  decidePaper,
  domainError,
  evolvePaper,
  findSegment,
  gradePaper,
  isSubmitted,
  itemAnalysis,
  paperDeadline,
  paperStatus,
  resolveWrittenSettings,
  stageRoster,
  takerQuestions,
  toHundredths,
  writtenRun,
  type ContestState,
  type DomainError,
  type Paper,
  type PaperCommand,
  type PaperContext,
  type PaperEvent,
  type PositionedEvent,
  type ProctorSummary,
  type Question,
  type ResolvedWrittenSettings,
  type Segment,
  type TakerPaperView,
  type WrittenRun,
} from '@leitai/shared';
import type { Clock } from '../clock.ts';
import type { ContestService } from '../contests/contest-service.ts';
import type { EventStore } from '../store/event-store.ts';

/** Stream id of one paper. Ids never hold '/', so the three parts split back unambiguously. */
export const paperStream = (contestId: string, segmentId: string, takerId: string): string =>
  `paper-${contestId}/${segmentId}/${takerId}`;
const PAPER_PREFIX = 'paper-';

export type PaperAck = { ok: true; version: number } | { ok: false; error: DomainError };

/** One paper in memory: decided (may run ahead of the disk) and durable (what anyone is shown). */
interface PaperSlot {
  contestId: string;
  segmentId: string;
  takerId: string;
  decided: Paper | null;
  durable: Paper | null;
  /** Appends of this stream resolve in order; acknowledgements follow the same chain. */
  tail: Promise<unknown>;
}

/** A written segment of a contest as the service needs it. */
export interface WrittenSegmentInfo {
  contestId: string;
  segmentId: string;
  stageId: string;
  segment: Extract<Segment, { kind: 'written' }>;
  settings: ResolvedWrittenSettings;
  questions: Question[];
  questionMap: Map<string, Question>;
  run: WrittenRun;
}

/** Listener of durable paper changes: the taker's sockets and the proctor summary. */
export type PaperListener = (slot: { contestId: string; segmentId: string; takerId: string; paper: Paper }) => void;

/** A taker as the proctor's list shows them. */
export interface TakerRow {
  takerId: string;
  name: string;
  unit: string;
  group: string;
  status: 'not-started' | 'writing' | 'submitted' | 'void';
  answered: number;
  questions: number;
  focusLosses: number;
  takeovers: number;
  lastSeenAt: number | null;
  deadline: number | null;
  extraSeconds: number;
  score: number | null;
}

const SWEEP_MS = 1000;

export class WrittenService {
  private readonly slots = new Map<string, PaperSlot>();
  /** Papers by `<contest>/<segment>`, for the close, the proctor and the results. */
  private readonly bySegment = new Map<string, Map<string, PaperSlot>>();
  private readonly inflight = new Map<string, Promise<PaperAck>>();
  private readonly listeners = new Set<PaperListener>();
  private readonly savesBySegment = new Map<string, number>();
  private sweep: NodeJS.Timeout | undefined;
  private readonly closing = new Set<string>();
  private readonly people = new WeakMap<object, Map<string, ContestState['definition']['contestants'][number]>>();
  /** What of a written segment never changes (settings, questions), per `<contest>/<segment>`. */
  private readonly fixed = new Map<
    string,
    { definition: ContestState['definition']; info: Omit<WrittenSegmentInfo, 'run'> }
  >();

  constructor(
    private readonly store: EventStore,
    private readonly contests: ContestService,
    private readonly clock: Clock,
  ) {}

  /**
   * Rebuild every paper from its stream (one pass over the log), then finish whatever a crash
   * interrupted: papers of a closed test not yet submitted, scores not yet recorded.
   */
  async start(): Promise<void> {
    this.store.replay(
      (e) => {
        if (!e.streamId.startsWith(PAPER_PREFIX)) return;
        const [contestId, segmentId, takerId] = e.streamId.slice(PAPER_PREFIX.length).split('/');
        if (!contestId || !segmentId || !takerId) return;
        const slot = this.slot(contestId, segmentId, takerId);
        const paper = evolvePaper(slot.durable, { type: e.type, data: e.data } as PaperEvent, e.version);
        slot.durable = paper;
        slot.decided = paper;
      },
      { metadata: false },
    );
    this.contests.onEvents((contestId, events, state) => this.onContestEvents(contestId, events, state));
    for (const state of this.contests.list()) {
      for (const [segmentId, run] of Object.entries(state.written)) {
        if (run.status === 'closed') await this.finishClose(state.contestId, segmentId);
      }
    }
    this.sweep = setInterval(() => void this.expireOverdue(), SWEEP_MS);
    this.sweep.unref();
  }

  stop(): void {
    if (this.sweep) clearInterval(this.sweep);
    this.sweep = undefined;
  }

  /** Resolves when every accepted paper command is durable. */
  async drain(): Promise<void> {
    await Promise.all([...this.slots.values()].map((s) => s.tail.catch(() => undefined)));
  }

  onPaper(listener: PaperListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private slot(contestId: string, segmentId: string, takerId: string): PaperSlot {
    const id = paperStream(contestId, segmentId, takerId);
    let slot = this.slots.get(id);
    if (!slot) {
      slot = { contestId, segmentId, takerId, decided: null, durable: null, tail: Promise.resolve() };
      this.slots.set(id, slot);
      const key = `${contestId}/${segmentId}`;
      let seg = this.bySegment.get(key);
      if (!seg) this.bySegment.set(key, (seg = new Map<string, PaperSlot>()));
      seg.set(takerId, slot);
    }
    return slot;
  }

  /** The written segment `segmentId` of a contest, with its settings, questions and run. */
  segment(contestId: string, segmentId: string): WrittenSegmentInfo | null {
    const state = this.contests.get(contestId)?.state;
    if (!state) return null;
    const key = `${contestId}/${segmentId}`;
    let fixed = this.fixed.get(key);
    // The contest file does not change after creation; the cache is checked against it anyway.
    if (fixed?.definition !== state.definition) {
      const found = findSegment(state.definition, segmentId);
      if (found?.segment.kind !== 'written') return null;
      const byId = new Map(state.definition.questions.map((q) => [q.id, q]));
      const questions = found.segment.questionIds.flatMap((id) => {
        const q = byId.get(id);
        return q ? [q] : [];
      });
      fixed = {
        definition: state.definition,
        info: {
          contestId,
          segmentId,
          stageId: found.stage.id,
          segment: found.segment,
          settings: resolveWrittenSettings(found.segment),
          questions,
          questionMap: new Map(questions.map((q) => [q.id, q])),
        },
      };
      this.fixed.set(key, fixed);
    }
    return { ...fixed.info, run: writtenRun(state, segmentId) };
  }

  /** The written segments of a contest. */
  segmentsOf(state: ContestState): string[] {
    return state.definition.stages.flatMap((s) => s.segments.filter((g) => g.kind === 'written').map((g) => g.id));
  }

  /** The durable paper of a taker, if opened. */
  paper(contestId: string, segmentId: string, takerId: string): Paper | null {
    return this.slots.get(paperStream(contestId, segmentId, takerId))?.durable ?? null;
  }

  /** Every durable paper of a segment. */
  papers(contestId: string, segmentId: string): Paper[] {
    return [...(this.bySegment.get(`${contestId}/${segmentId}`)?.values() ?? [])].flatMap((s) =>
      s.durable ? [s.durable] : [],
    );
  }

  /**
   * Decide and persist one paper command. A `commandId` seen before (in flight or on disk)
   * returns its first answer and appends nothing. `device`: the sending device, which must hold
   * the paper (a device that was taken over is refused, so it cannot overwrite the other's answers).
   */
  execute(
    contestId: string,
    segmentId: string,
    takerId: string,
    command: PaperCommand,
    opts: { commandId?: string; device?: string } = {},
  ): Promise<PaperAck> {
    const key = opts.commandId === undefined ? undefined : `${contestId}/w/${takerId}/${opts.commandId}`;
    if (key) {
      const pending = this.inflight.get(key);
      if (pending) return pending;
      const previous = this.store.commandResult(key);
      if (previous) return Promise.resolve({ ok: true, version: previous.version });
    }
    const info = this.segment(contestId, segmentId);
    if (!info) return Promise.resolve({ ok: false, error: domainError('NOT_FOUND', `no written test '${segmentId}'`) });
    const slot = this.slot(contestId, segmentId, takerId);
    if (
      opts.device !== undefined &&
      command.type !== 'OpenPaper' &&
      slot.decided &&
      slot.decided.device !== opts.device
    ) {
      return Promise.resolve({
        ok: false,
        error: domainError('CONFLICT', 'this paper has been taken over by another device'),
      });
    }
    const now = this.clock.now();
    const ctx: PaperContext = {
      now,
      segmentId,
      takerId,
      run: info.run,
      settings: info.settings,
      questions: info.questions,
    };
    const decision = decidePaper(slot.decided, command, ctx);
    if (!decision.ok) return Promise.resolve({ ok: false, error: decision.error });
    const expectedVersion = slot.decided?.version ?? 0;
    if (decision.events.length === 0 && !key) return Promise.resolve({ ok: true, version: expectedVersion });
    const events = decision.events;
    let decided = slot.decided;
    events.forEach((e, i) => (decided = evolvePaper(decided, e, expectedVersion + i + 1)));
    slot.decided = decided;
    const metadata = { at: now, ...(opts.commandId ? { commandId: opts.commandId } : {}) };
    const appended = this.store.append(
      paperStream(contestId, segmentId, takerId),
      events.map((e) => ({ type: e.type, data: e.data, metadata })),
      key ? { expectedVersion, commandId: key } : { expectedVersion },
    );
    const ack = (slot.tail = slot.tail.then(
      () => appended,
      () => appended,
    )).then(
      (result): PaperAck => {
        let durable = slot.durable;
        if (result.duplicate) {
          // Recorded before under this id (a retry racing a crash): the stream is the truth.
          this.reload(slot);
          return { ok: true, version: result.version };
        }
        events.forEach((e, i) => (durable = evolvePaper(durable, e, expectedVersion + i + 1)));
        slot.durable = durable;
        if (events.some((e) => e.type === 'AnswerSaved')) {
          const k = `${contestId}/${segmentId}`;
          this.savesBySegment.set(k, (this.savesBySegment.get(k) ?? 0) + 1);
        }
        if (durable && events.length > 0)
          for (const l of this.listeners) l({ contestId, segmentId, takerId, paper: durable });
        return { ok: true, version: result.version };
      },
      (): PaperAck => {
        this.reload(slot);
        return { ok: false, error: domainError('INTERNAL', 'the event store failed to append; retry') };
      },
    );
    if (key) {
      this.inflight.set(key, ack);
      void ack.finally(() => this.inflight.delete(key));
    }
    return ack;
  }

  /** After a failed append the decided state may be ahead of the disk: read the stream back. */
  private reload(slot: PaperSlot): void {
    let paper: Paper | null = null;
    for (const e of this.store.readStream(paperStream(slot.contestId, slot.segmentId, slot.takerId))) {
      paper = evolvePaper(paper, { type: e.type, data: e.data } as PaperEvent, e.version);
    }
    slot.durable = paper;
    slot.decided = paper;
  }

  /** A fresh per-taker seed for a first opening (recorded in PaperOpened). */
  static newSeed(): number {
    return randomInt(0, 2 ** 31);
  }

  private onContestEvents(contestId: string, events: PositionedEvent[], state: ContestState): void {
    for (const e of events) {
      switch (e.type) {
        case 'WrittenTestClosed':
          void this.finishClose(contestId, e.data.segmentId);
          break;
        case 'PaperVoided':
        case 'PaperReopened':
        case 'TakerTimeExtended': {
          const { segmentId, takerId } = e.data;
          const paper = this.paper(contestId, segmentId, takerId);
          // The taker's page shows the change (more time, void, writable again).
          if (paper) for (const l of this.listeners) l({ contestId, segmentId, takerId, paper });
          if (e.type === 'PaperVoided' && writtenRun(state, segmentId).status === 'closed')
            void this.recordScores(contestId, segmentId);
          break;
        }
        case 'WrittenResultsReleased':
          for (const paper of this.papers(contestId, e.data.segmentId))
            for (const l of this.listeners) l({ contestId, segmentId: paper.segmentId, takerId: paper.takerId, paper });
          break;
        default:
          break;
      }
    }
  }

  /** Submit every paper still open for a taker whose time ran out (swept every second). */
  private async expireOverdue(): Promise<void> {
    const now = this.clock.now();
    const due: Promise<PaperAck>[] = [];
    for (const slot of this.slots.values()) {
      const paper = slot.decided;
      if (!paper) continue;
      const info = this.segment(slot.contestId, slot.segmentId);
      if (info?.run.status !== 'open' || isSubmitted(paper, info.run)) continue;
      const deadline = paperDeadline(paper, info.run, info.settings, now);
      if (deadline !== null && now > deadline)
        due.push(
          this.execute(slot.contestId, slot.segmentId, slot.takerId, { type: 'ExpirePaper', data: { reason: 'time' } }),
        );
    }
    await Promise.all(due);
  }

  /**
   * The close: every paper not yet in is submitted by the server (one group commit carries them
   * all), then graded, and the roster's scores enter the ledger as one contest event. Idempotent:
   * at start-up it completes a close that a crash interrupted.
   */
  async finishClose(contestId: string, segmentId: string): Promise<void> {
    const key = `${contestId}/${segmentId}`;
    if (this.closing.has(key)) return;
    this.closing.add(key);
    try {
      const info = this.segment(contestId, segmentId);
      if (!info) return;
      const slots = [...(this.bySegment.get(key)?.values() ?? [])];
      await Promise.all(
        slots.flatMap((s) =>
          s.decided && !isSubmitted(s.decided, info.run)
            ? [this.execute(contestId, segmentId, s.takerId, { type: 'ExpirePaper', data: { reason: 'close' } })]
            : [],
        ),
      );
      await this.recordScores(contestId, segmentId);
    } finally {
      this.closing.delete(key);
    }
  }

  /** Grade every paper and record the roster's scores (no event when they are already recorded). */
  async recordScores(contestId: string, segmentId: string): Promise<void> {
    const info = this.segment(contestId, segmentId);
    const runtime = this.contests.get(contestId);
    if (!info || !runtime?.state || info.run.status !== 'closed' || info.run.released) return;
    const roster = stageRoster(runtime.state, info.stageId);
    const scores: Record<string, number> = {};
    for (const id of roster) scores[id] = this.grade(info, this.paper(contestId, segmentId, id))?.score ?? 0;
    const ack = await runtime.execute({ type: 'RecordWrittenScores', data: { segmentId, scores } }, SYSTEM_ACTOR);
    if (!ack.ok && ack.error.code !== 'INVALID_STATE') throw new Error(ack.error.message);
  }

  /** A paper's grade (a void paper scores 0). */
  grade(
    info: WrittenSegmentInfo,
    paper: Paper | null,
  ): { score: number; correct: number; credit: Record<string, number> } | null {
    if (!paper) return null;
    const voided = Object.hasOwn(info.run.voided, paper.takerId);
    return gradePaper(paper.questionIds, paper.answers, info.questionMap, info.settings, voided);
  }

  /** A contestant by id, from a map built once per contest file (a save must not scan 10,000 contestants). */
  private person(state: ContestState, id: string) {
    let people = this.people.get(state.definition);
    if (!people)
      this.people.set(state.definition, (people = new Map(state.definition.contestants.map((c) => [c.id, c]))));
    return people.get(id);
  }

  /** What the taker's page shows: their paper (no key), their time, and their result once released. */
  takerView(contestId: string, segmentId: string, takerId: string): TakerPaperView | null {
    const info = this.segment(contestId, segmentId);
    const state = this.contests.get(contestId)?.state;
    if (!info || !state) return null;
    const paper = this.paper(contestId, segmentId, takerId);
    const person = this.person(state, takerId);
    const released = info.run.released;
    let result: TakerPaperView['result'] = null;
    if (released && paper) {
      const graded = this.grade(info, paper);
      result = {
        score: graded?.score ?? 0,
        maxScore: toHundredths(info.settings.pointsPerQuestion) * paper.questionIds.length,
        correct: graded?.correct ?? 0,
        questions: paper.questionIds.length,
        ...(released.withKey
          ? {
              key: Object.fromEntries(
                paper.questionIds.map((id) => [id, [...(info.questionMap.get(id)?.answer ?? [])]]),
              ),
            }
          : {}),
      };
    }
    return {
      contestId,
      segmentId,
      takerId,
      title: state.definition.title,
      segmentName: info.segment.name,
      name: person?.name ?? paper?.name ?? '',
      testStatus: info.run.status,
      paperStatus: paper ? paperStatus(paper, info.run) : 'not-started',
      deadline: paperDeadline(paper, info.run, info.settings, this.clock.now()),
      questions: paper ? takerQuestions(paper, info.questionMap) : [],
      answers: paper?.answers ?? {},
      focusLosses: paper?.focusLosses ?? 0,
      focusLossLimit: info.settings.focusLossLimit,
      version: paper?.version ?? 0,
      result,
    };
  }

  /** The proctor's counts for a segment. */
  summary(contestId: string, segmentId: string): ProctorSummary | null {
    const info = this.segment(contestId, segmentId);
    const state = this.contests.get(contestId)?.state;
    if (!info || !state) return null;
    const papers = this.papers(contestId, segmentId);
    const counts = { writing: 0, submitted: 0, void: 0 };
    for (const p of papers) counts[paperStatus(p, info.run)]++;
    const roster = info.settings.entry === 'roster' ? stageRoster(state, info.stageId).length : papers.length;
    return {
      contestId,
      segmentId,
      status: info.run.status,
      takers: Math.max(roster, papers.length),
      notStarted: Math.max(0, roster - papers.length),
      ...counts,
      saves: this.savesBySegment.get(`${contestId}/${segmentId}`) ?? 0,
      at: this.clock.now(),
    };
  }

  /** The proctor's taker list: the roster (or every registrant), filtered by name, unit or id. */
  takers(contestId: string, segmentId: string, query = ''): TakerRow[] {
    const info = this.segment(contestId, segmentId);
    const state = this.contests.get(contestId)?.state;
    if (!info || !state) return [];
    const now = this.clock.now();
    const people = new Map(state.definition.contestants.map((c) => [c.id, c]));
    const ids =
      info.settings.entry === 'roster'
        ? stageRoster(state, info.stageId)
        : this.papers(contestId, segmentId).map((p) => p.takerId);
    const groupOf = new Map<string, string>();
    for (const stage of state.definition.stages)
      if (stage.id === info.stageId)
        for (const g of stage.groups) for (const c of g.contestantIds) groupOf.set(c, g.name);
    const q = query.trim().toLowerCase();
    const rows: TakerRow[] = [];
    for (const takerId of ids) {
      const paper = this.paper(contestId, segmentId, takerId);
      const person = people.get(takerId);
      const name = person?.name ?? paper?.name ?? takerId;
      const unit = person?.organisation ?? paper?.unit ?? '';
      if (q && !`${takerId} ${name} ${unit}`.toLowerCase().includes(q)) continue;
      const graded = info.run.status === 'closed' ? this.grade(info, paper) : null;
      rows.push({
        takerId,
        name,
        unit,
        group: groupOf.get(takerId) ?? paper?.unit ?? '',
        status: paper ? paperStatus(paper, info.run) : 'not-started',
        answered: paper ? Object.values(paper.answers).filter((a) => a.length > 0).length : 0,
        questions: paper?.questionIds.length ?? 0,
        focusLosses: paper?.focusLosses ?? 0,
        takeovers: paper?.takeovers ?? 0,
        lastSeenAt: paper?.lastSeenAt ?? null,
        deadline: paper ? paperDeadline(paper, info.run, info.settings, now) : null,
        extraSeconds: Math.round((info.run.extensions[takerId] ?? 0) / 1000),
        score: graded ? graded.score : null,
      });
    }
    return rows;
  }

  /** Results: ranking per group (competition ranking, ties share a place) and item analysis. */
  results(contestId: string, segmentId: string) {
    const info = this.segment(contestId, segmentId);
    if (!info) return null;
    const rows = this.takers(contestId, segmentId).filter((r) => r.status !== 'not-started');
    const groups = new Map<string, TakerRow[]>();
    for (const r of rows) {
      const list = groups.get(r.group) ?? [];
      list.push(r);
      groups.set(r.group, list);
    }
    const ranking = [...groups.entries()].map(([group, list]) => {
      const sorted = [...list].sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.takerId.localeCompare(b.takerId));
      let rank = 0;
      return {
        group,
        rows: sorted.map((r, i) => {
          if (i === 0 || r.score !== sorted[i - 1]?.score) rank = i + 1;
          return { rank, ...r };
        }),
      };
    });
    const counted = this.papers(contestId, segmentId).filter((p) => !Object.hasOwn(info.run.voided, p.takerId));
    return {
      contestId,
      segmentId,
      status: info.run.status,
      released: info.run.released,
      ranking,
      items: itemAnalysis(counted, info.questionMap, info.settings.partialPercent),
    };
  }
}
