import { useEffect, useState } from 'react';
import type { ClusterStatusFrame } from '@leitai/shared';
import { useT } from '../core/i18n/i18n.ts';
import { useContest } from './session-context.tsx';
import './core-away-banner.css';

/**
 * Scale-out: a banner across the host panel while the core is away — the panel had heard from
 * the cluster (a `cluster:status` frame) and its connection to the core is gone. It says how long,
 * that the audience stays on the edges, and that nothing acknowledged is lost; it goes when the
 * connection is back. Nothing in single mode (no cluster frame ever arrives).
 */
export function CoreAwayBanner() {
  const cluster = useContest((s) => s.cluster);
  const connection = useContest((s) => s.connection);
  const away = cluster !== null && connection !== 'connected' && connection !== 'connecting';
  // Mounted while away: its clock starts when the core went.
  return away ? <Away frame={cluster.frame} /> : null;
}

function Away({ frame }: { frame: ClusterStatusFrame }) {
  const t = useT();
  const [since] = useState(() => Date.now());
  const [now, setNow] = useState(since);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.floor((now - since) / 1000));
  const edges = frame.edges.length;
  const sockets = frame.edges.reduce((n, e) => n + e.sockets, 0);
  return (
    <div className="core-away" role="alert" data-testid="core-away">
      <span className="core-away-dot" aria-hidden="true" />
      <strong>{t('coreAway.title', { seconds })}</strong>
      <span>
        {edges > 0 ? t('coreAway.audience', { edges, sockets }) : t('coreAway.noEdges')} {t('coreAway.safe')}
      </span>
    </div>
  );
}
