import { useEffect, useState, type CSSProperties } from 'react';
import { formatHundredths, partStandings, type ContestState } from '@leitai/shared';
import { contestantsById, rosterStage } from '../../../core/contest-view.ts';
import { scoreboardSegmentId } from '../../../core/knowledge-view.ts';
import { useT } from '../../../core/i18n/i18n.ts';
import { Avatar } from '../../../ui/avatar.tsx';
import { ScoreboardScene } from '../stage-scenes.tsx';
import { StageBand } from '../stage-scenes.tsx';
import '../../../ui/knowledge/knowledge.css';

/** Score changes since the scores last changed, by contestant: shown as a "+10" pop for a moment. */
function useChanges(scores: Map<string, number>): Map<string, number> {
  const key = [...scores.entries()].map(([k, v]) => `${k}:${v}`).join(',');
  const [seen, setSeen] = useState<{ key: string; scores: Map<string, number> }>({ key, scores });
  const [changes, setChanges] = useState<Map<string, number>>(new Map());
  if (seen.key !== key) {
    // Adjusting state while rendering (React's pattern for state derived from a changed prop).
    const delta = new Map<string, number>();
    for (const [id, v] of scores) {
      const d = v - (seen.scores.get(id) ?? v);
      if (d !== 0) delta.set(id, d);
    }
    setSeen({ key, scores });
    setChanges(delta);
  }
  useEffect(() => {
    if (changes.size === 0) return;
    const timer = setTimeout(() => setChanges(new Map()), 2600);
    return () => clearTimeout(timer);
  }, [changes]);
  return changes;
}

/**
 * The live scoreboard scene: the knowledge part (base points + 必答 + 抢答) from the score
 * ledger via the scoring core, ranked; rows glide to their new place and a changed score pops.
 */
export function LiveScoreboardScene({ contest }: { contest: ContestState }) {
  const t = useT();
  const stage = rosterStage(contest);
  const segmentId = scoreboardSegmentId(contest, stage);
  const rows = segmentId ? partStandings(contest, segmentId) : [];
  const people = contestantsById(contest);
  const changes = useChanges(new Map(rows.map((r) => [r.contestantId, r.score])));
  // A stage without knowledge rounds keeps the plain seat-order board.
  if (!segmentId) return <ScoreboardScene contest={contest} />;
  const part = stage?.parts?.find((p) => stage.segments.some((s) => s.id === segmentId && s.part === p.id));
  const segments =
    stage?.segments.filter((s) => segmentId && (s.id === segmentId || (part && s.part === part.id))) ?? [];
  const base = part?.basePoints ?? 0;
  // The rows share the height between the heading and the audience band (rows from 356, band at 996).
  const rowHeight = Math.min(68, Math.floor(620 / Math.max(1, rows.length)));
  return (
    <section className="scene-scoreboard kq-board-scene" data-testid="scene-scoreboard">
      <StageBand contest={contest} />
      <h2 className="stage-heading">
        {part?.name ?? t('stage.scoreboard')}
        {stage && <small>{stage.name}</small>}
      </h2>
      <div
        className="kq-board"
        style={{ '--row': `${rowHeight}px`, '--nums': (base > 0 ? 1 : 0) + segments.length } as CSSProperties}
      >
        <div className="kq-board-head">
          <span className="kq-col-rank">{t('kq.rank')}</span>
          <span className="kq-col-name">{t('field.name')}</span>
          <span className="kq-col-org">{t('field.organisation')}</span>
          {base > 0 && <span className="kq-col-num">{t('kq.base')}</span>}
          {segments.map((s) => (
            <span key={s.id} className="kq-col-num">
              {t(`kind.${s.kind}`)}
            </span>
          ))}
          <span className="kq-col-total">{t('kq.total')}</span>
        </div>
        <ol className="kq-board-rows" style={{ height: rows.length * rowHeight }} data-testid="board-rows">
          {rows.map((r, i) => {
            const c = people.get(r.contestantId);
            const delta = changes.get(r.contestantId);
            return (
              <li
                key={r.contestantId}
                className={`kq-board-row ${delta ? (delta > 0 ? 'is-up' : 'is-down') : ''} ${r.contestantId === contest.currentContestantId ? 'is-current' : ''}`}
                style={{ transform: `translateY(${i * rowHeight}px)` }}
                data-testid={`board-row-${r.contestantId}`}
                data-score={r.score}
              >
                <span className={`kq-col-rank rank-${r.rank}`}>{r.rank}</span>
                <span className="kq-col-name">
                  <Avatar name={c?.name ?? r.contestantId} photo={c?.photo} className="kq-board-avatar" />
                  {c?.name ?? r.contestantId}
                </span>
                <span className="kq-col-org">{c?.organisation}</span>
                {base > 0 && (
                  <span className="kq-col-num">{formatHundredths(Math.round(base * 100), { trimZeros: true })}</span>
                )}
                {segments.map((s) => (
                  <span key={s.id} className="kq-col-num">
                    {formatHundredths(r.bySegment[s.id] ?? 0, { trimZeros: true })}
                  </span>
                ))}
                <span className="kq-col-total">
                  {formatHundredths(r.score, { trimZeros: true })}
                  {delta !== undefined && (
                    <em className="kq-delta">{formatHundredths(delta, { sign: true, trimZeros: true })}</em>
                  )}
                </span>
              </li>
            );
          })}
        </ol>
      </div>
    </section>
  );
}
