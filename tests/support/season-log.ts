/** The three-stage example's final roster recomputed from an exported log, with the arithmetic written out. */
import type { PositionedEvent } from '@leitai/shared';

/**
 * The final's roster from the raw log: the contest file's groups and labels, the ledger (written
 * scores as the close of each written test recorded them, then any corrections; lectures from
 * the locked results), each stage's weighted sums, the
 * top N per group, the host's recorded tie choices and roster corrections, placed by group label.
 */
export function finalRosterFromLog(log: readonly PositionedEvent[]): string[] {
  const created = log[0];
  if (created?.type !== 'ContestCreated') throw new Error('the log must start with ContestCreated');
  const def = created.data.definition;
  const ledger = new Map<string, number>(); // `${segment}/${contestant}` → hundredths
  const ties: Record<string, string[]> = {}; // group id → the host's choice
  const corrections: { stageId: string; removed: string[]; added: string[] }[] = [];
  for (const e of log) {
    if (e.type === 'WrittenScoresRecorded')
      for (const [id, score] of Object.entries(e.data.scores)) ledger.set(`${e.data.segmentId}/${id}`, score);
    if (e.type === 'ScoreCorrected') ledger.set(`${e.data.segmentId}/${e.data.contestantId}`, e.data.after);
    if (e.type === 'JudgingLocked' && typeof e.data.result?.score === 'number')
      ledger.set(`${e.data.segmentId}/${e.data.contestantId}`, e.data.result.score);
    if (e.type === 'AdvancementConfirmed') for (const r of e.data.tieResolutions) ties[r.groupId] = r.advancing;
    if (e.type === 'RosterCorrected')
      corrections.push({
        stageId: e.data.stageId,
        removed: e.data.removed,
        added: e.data.added.map((a) => a.contestantId),
      });
  }
  const label = new Map(def.contestants.map((c) => [c.id, c.group]));
  /** Σ weight × score ÷ full marks over `segmentIds`, in hundredths (exact here: every product divides). */
  const sum = (stageId: string, segmentIds: string[] | undefined, id: string) => {
    const st = def.stages.find((s) => s.id === stageId)!;
    return st.segments
      .filter((g) => !segmentIds || segmentIds.includes(g.id))
      .reduce((t, g) => t + (g.weight * (ledger.get(`${g.id}/${id}`) ?? 0)) / g.fullMarks, 0);
  };
  const advance = (stageId: string, groups: { id: string; members: string[] }[]) => {
    const st = def.stages.find((s) => s.id === stageId)!;
    const n = st.advancement!.perGroup;
    return groups.flatMap((g) => {
      const ranked = [...g.members].sort(
        (a, b) => sum(stageId, st.advancement!.bySegmentIds, b) - sum(stageId, st.advancement!.bySegmentIds, a),
      );
      const cutScore = sum(stageId, st.advancement!.bySegmentIds, ranked[n - 1]!);
      const above = ranked.filter((id) => sum(stageId, st.advancement!.bySegmentIds, id) > cutScore);
      const atCut = ranked.filter((id) => sum(stageId, st.advancement!.bySegmentIds, id) === cutScore);
      return above.length + atCut.length > n ? [...above, ...(ties[g.id] ?? atCut)] : ranked.slice(0, n);
    });
  };
  const corrected = (stageId: string, ids: string[]) =>
    corrections
      .filter((c) => c.stageId === stageId)
      .reduce((r, c) => [...r.filter((id) => !c.removed.includes(id)), ...c.added], ids);

  const prelimStage = def.stages[0]!;
  const toSemi = advance(
    'preliminary',
    prelimStage.groups.map((g) => ({ id: g.id, members: g.contestantIds })),
  );
  const semiStage = def.stages[1]!;
  const semiIds = corrected('semifinal', [...toSemi, ...(semiStage.seededContestantIds ?? [])]);
  // The semifinal's groups: by each contestant's group label, which names a liaison group.
  const semiGroups = semiStage.groups.map((g) => ({
    id: g.id,
    members: semiIds.filter((id) => label.get(id) === g.name),
  }));
  const toFinal = advance('semifinal', semiGroups);
  return corrected('final', toFinal);
}
