import { useT } from '../core/i18n/i18n.ts';
import { useContest } from './session-context.tsx';

/** Connection and clock health: a pill with words, or (on stage and overlay) just a discreet dot. */
export function ConnectionStatus({ variant = 'full' }: { variant?: 'full' | 'dot' }) {
  const t = useT();
  const connection = useContest((s) => s.connection);
  const resyncing = useContest((s) => s.resyncing);
  const clock = useContest((s) => s.clock);
  const label = resyncing && connection === 'connected' ? t('conn.syncing') : t(`conn.${connection}`);
  const clockLabel = clock ? t('clock.error', { ms: Math.max(1, Math.round(clock.error)) }) : t('clock.pending');
  const tone =
    connection === 'connected' ? (resyncing ? 'warn' : 'ok') : connection === 'reconnecting' ? 'warn' : 'bad';
  if (variant === 'dot') {
    return (
      <span
        className={`conn-dot conn-${tone}`}
        role="status"
        title={`${label} · ${clockLabel}`}
        aria-label={`${label} · ${clockLabel}`}
        data-testid="connection-status"
        data-connection={connection}
      />
    );
  }
  return (
    <span
      className={`conn-pill conn-${tone}`}
      role="status"
      data-testid="connection-status"
      data-connection={connection}
    >
      <span className="conn-pill-dot" aria-hidden="true" />
      <span>{label}</span>
      {connection === 'connected' && <span className="conn-pill-clock">{clockLabel}</span>}
    </span>
  );
}
