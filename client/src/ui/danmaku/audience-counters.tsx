import type { ContestState } from '@leitai/shared';
import { rosterContestants } from '../../core/contest-view.ts';
import { useAudienceT } from './audience-i18n.ts';
import { useAudience } from './use-audience.ts';

/**
 * Like counter and one cheer bar per contestant (the `maxCheers` most cheered), for the stage
 * (a row in the audience band) and the overlay (a column in its corner).
 */
export function AudienceCounters({
  contest,
  variant,
  maxCheers = 5,
}: {
  contest: ContestState;
  variant: 'stage' | 'overlay';
  maxCheers?: number;
}) {
  const t = useAudienceT();
  const likes = useAudience((s) => s.likes);
  const cheers = useAudience((s) => s.cheers);
  const killed = useAudience((s) => s.killed);
  const roster = rosterContestants(contest);
  const max = Math.max(1, ...roster.map((c) => cheers.counts[c.id] ?? 0));
  const total = roster.reduce((n, c) => n + (cheers.counts[c.id] ?? 0), 0);
  if (killed) return null;
  return (
    <div className={`aud-counters aud-counters-${variant}`} data-testid="audience-counters">
      <div className="aud-likes" data-testid="like-counter">
        <span className="aud-likes-heart" aria-hidden="true">
          ♥
        </span>
        <span className="aud-likes-n">{likes.toLocaleString('zh-CN')}</span>
        <span className="aud-likes-label">{t('aud.likes')}</span>
      </div>
      {total > 0 && (
        <ol className="aud-cheers" data-testid="cheer-bars" aria-label={t('aud.cheers')}>
          {[...roster]
            .sort((x, y) => (cheers.counts[y.id] ?? 0) - (cheers.counts[x.id] ?? 0))
            .slice(0, maxCheers)
            .map((c) => {
              const n = cheers.counts[c.id] ?? 0;
              return (
                <li key={c.id}>
                  <span className="aud-cheer-name">{c.name}</span>
                  <span className="aud-cheer-track">
                    <span className="aud-cheer-fill" style={{ width: `${(n / max) * 100}%` }} />
                  </span>
                  <span className="aud-cheer-n">{n}</span>
                </li>
              );
            })}
        </ol>
      )}
    </div>
  );
}

/** Whether the play-along leaderboard is up: after a round closed, while it has someone on it. */
export function useLeaderboardShown(): boolean {
  return useAudience((s) => s.playAlong !== null && !s.playAlong.open && s.leaderboard.length > 0);
}

/**
 * The audience leaderboard, shown after a play-along question was revealed: a card (top five),
 * or on the stage a row of the top three in the audience band.
 */
export function AudienceLeaderboard({ variant = 'card' }: { variant?: 'card' | 'band' }) {
  const t = useAudienceT();
  const board = useAudience((s) => s.leaderboard);
  const shown = useLeaderboardShown();
  if (!shown) return null;
  return (
    <div className={`aud-board aud-board-${variant}`} data-testid="audience-leaderboard">
      <h3>{t('aud.leaderboard')}</h3>
      <ol>
        {board.slice(0, variant === 'band' ? 3 : 5).map((r) => (
          <li key={`${r.rank}-${r.nickname}`}>
            <span className="aud-board-rank">{r.rank}</span>
            <span className="aud-board-name">{r.nickname}</span>
            <span className="aud-board-pts">{t('aud.points', { points: r.points })}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
