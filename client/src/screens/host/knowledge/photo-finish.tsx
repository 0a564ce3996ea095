/**
 * The host's photo-finish flag (B6): two leading presses closer than their timestamp bounds
 * together, with both times and bounds, and how the contest's rule settles it. Under the `host`
 * rule, while the buzz waits, one button per press sends `SettlePhotoFinish` (enabled by the
 * shared decide's dry run, like every host control).
 */
import type { ActiveQuestion, ClientCommand, ContestState, PhotoFinish } from '@leitai/shared';
import type { DryRun } from '../../../core/can-issue.ts';
import { useT } from '../../../core/i18n/i18n.ts';
import { nameOf } from '../../../core/knowledge-view.ts';

export function PhotoFinishFlag({
  contest,
  active,
  run,
  check,
}: {
  contest: ContestState;
  active: ActiveQuestion;
  run: (command: ClientCommand) => void;
  check: (command: ClientCommand) => DryRun;
}) {
  const t = useT();
  const buzz = active.buzz;
  const shown: { pf: PhotoFinish; rebuzzed: boolean } | null = buzz?.photoFinish
    ? { pf: buzz.photoFinish, rebuzzed: false }
    : active.rebuzzedAfter
      ? { pf: active.rebuzzedAfter, rebuzzed: true }
      : null;
  if (!buzz || !shown) return null;
  const { pf } = shown;
  const rel = (x: number) => `${x - buzz.openAt >= 0 ? '+' : ''}${Math.round(x - buzz.openAt)}`;
  const waiting = pf.rule === 'host' && buzz.order === null;
  const settle = (contestantId: string): ClientCommand => ({
    type: 'SettlePhotoFinish',
    data: { run: active.run, attempt: buzz.attempt, contestantId },
  });
  const [a, b] = pf.presses;
  const gap = a && b ? Math.abs(b.correctedAt - a.correctedAt) : 0;
  const outcome = waiting
    ? t('kq.photo.rule.host')
    : pf.rule === 'host' && pf.chosenId
      ? t('kq.photo.chosen', { name: nameOf(contest, pf.chosenId) })
      : t(`kq.photo.rule.${pf.rule}`);
  return (
    <div
      className={`kq-photo ${waiting ? 'is-waiting' : ''}`}
      role={waiting ? 'alert' : 'status'}
      data-testid="kq-photo-finish"
    >
      <p>
        <strong>{t('kq.photo')}</strong>{' '}
        {t('kq.photo.gap', { gap: Math.round(gap), bounds: (a?.boundMs ?? 0) + (b?.boundMs ?? 0) })}
        {shown.rebuzzed && <> · {t('kq.photo.rebuzzed')}</>}
      </p>
      <ul className="kq-photo-presses">
        {pf.presses.map((p) => (
          <li key={p.contestantId} data-testid={`kq-photo-${p.contestantId}`}>
            {t('kq.photo.press', { name: nameOf(contest, p.contestantId), at: rel(p.correctedAt), bound: p.boundMs })}
            {waiting && (
              <button
                type="button"
                className="kq-photo-choose"
                disabled={!check(settle(p.contestantId)).ok}
                onClick={() => run(settle(p.contestantId))}
              >
                {t('kq.photo.choose', { name: nameOf(contest, p.contestantId) })}
              </button>
            )}
          </li>
        ))}
      </ul>
      <p className="kq-photo-rule">{outcome}</p>
    </div>
  );
}
