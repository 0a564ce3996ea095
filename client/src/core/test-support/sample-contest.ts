/** A small contest for the client's unit tests: two stages, four contestants, built by folding real events. */
import type { ContestFile, ContestState, PositionedEvent } from '@leitai/shared';
import { evolve } from '@leitai/shared';

export const SAMPLE_DEFINITION: ContestFile = {
  format: 1,
  title: '测试擂台赛',
  contestants: [
    { id: 'c1', name: '李红梅', organisation: '红旗村党支部', seat: 1 },
    { id: 'c2', name: '王志刚', organisation: '向阳社区党委', seat: 2 },
    { id: 'c3', name: '陈思远', organisation: '财政局机关党支部', seat: 3 },
    { id: 'c4', name: '刘晓燕', organisation: '第一中学党支部', seat: 4 },
  ],
  judges: [{ id: 'j1', name: '陈立新' }],
  questions: [],
  stages: [
    {
      id: 'semi',
      name: '复赛',
      groups: [{ id: 'g1', name: '一组', contestantIds: ['c3', 'c1', 'c2', 'c4'] }],
      segments: [{ id: 'speech', name: '演讲', kind: 'judged', fullMarks: 100, weight: 100 }],
    },
    {
      id: 'final',
      name: '决赛',
      groups: [{ id: 'g2', name: '决赛组', contestantIds: ['c2', 'c3'] }],
      segments: [{ id: 'action', name: '述行动', kind: 'judged', fullMarks: 100, weight: 100 }],
    },
  ],
};

const meta = { actor: { role: 'system' as const }, at: 0 };

/** Positioned events as the server would send them, starting with ContestCreated at version 1. */
export function sampleEvents(): PositionedEvent[] {
  return [
    {
      type: 'ContestCreated',
      data: { contestId: 'demo', joinCode: 'ABC123', definition: SAMPLE_DEFINITION, createdAt: 0 },
      version: 1,
      metadata: meta,
    },
    { type: 'StageStarted', data: { stageId: 'semi', at: 1 }, version: 2, metadata: meta },
    {
      type: 'SegmentStarted',
      data: { stageId: 'semi', segmentId: 'speech', at: 2 },
      version: 3,
      metadata: meta,
    },
    { type: 'CurrentContestantSet', data: { contestantId: 'c1' }, version: 4, metadata: meta },
    { type: 'SceneChosen', data: { scene: 'contestant' }, version: 5, metadata: meta },
  ];
}

/** The state after folding the first `upTo` sample events. */
export function sampleState(upTo: number): ContestState {
  let state: ContestState | null = null;
  for (const e of sampleEvents().slice(0, upTo)) state = evolve(state, e, e.version);
  if (!state) throw new Error('no state');
  return state;
}
