import { useEffect, useMemo, useRef, useState } from 'react';
import { useLocale, useT } from '../../core/i18n/i18n.ts';
import { useSession } from '../../ui/session-context.tsx';
import {
  EMPTY_WATCH,
  clusterHealth,
  foldCluster,
  forgetEdge,
  type ClusterHealth,
  type EdgeHealth,
} from './cluster-health.ts';

/**
 * Scale-out (core role): a pill in the header with the cluster's health, expandable to a table
 * of the core and each edge. Nothing at all while no `cluster:status` ever arrived (single mode).
 */
export function ClusterIndicator({ open, onToggle }: { open: boolean; onToggle: (open: boolean) => void }) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const { store } = useSession();
  const [watch, setWatch] = useState(() => {
    const latest = store.getState().cluster;
    return latest ? foldCluster(EMPTY_WATCH, latest.frame, latest.receivedAt) : EMPTY_WATCH;
  });
  const [now, setNow] = useState(() => Date.now());
  const root = useRef<HTMLDivElement>(null);

  // Every frame is folded in (the store keeps only the latest; we keep the edges' history).
  useEffect(
    () =>
      store.subscribe((state, prev) => {
        const latest = state.cluster;
        if (!latest || latest === prev.cluster) return;
        setWatch((w) => foldCluster(w, latest.frame, latest.receivedAt));
        setNow(Date.now());
      }),
    [store],
  );

  // A clock for "x s ago" and the stale warning, ticking only once the cluster has spoken.
  const heard = watch.frame !== null;
  useEffect(() => {
    if (!heard) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [heard]);

  // A click anywhere else closes the table.
  useEffect(() => {
    if (!open) return;
    const onDown = (event: PointerEvent) => {
      if (root.current && event.target instanceof Node && !root.current.contains(event.target)) onToggle(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open, onToggle]);

  const health = useMemo(() => clusterHealth(watch, now), [watch, now]);
  const num = useMemo(() => new Intl.NumberFormat(locale), [locale]);
  if (!health) return null;

  const seconds = (ms: number) => Math.floor(ms / 1000);
  const state =
    health.tone === 'warn' && health.headline
      ? t(`cluster.issue.${health.headline.issue}`, { edge: health.headline.edgeId })
      : health.tone === 'stale'
        ? `${t('cluster.tone.stale')}（${t('cluster.staleFor', { seconds: seconds(health.ageMs) })}）`
        : t(`cluster.tone.${health.tone}`);
  const edges = health.noEdges
    ? t('cluster.noEdges')
    : health.edgesUp === health.edgesKnown
      ? t('cluster.edges', { count: health.edgesUp })
      : t('cluster.edgesOf', { up: health.edgesUp, known: health.edgesKnown });

  return (
    <div className="cluster" ref={root} data-testid="cluster-status" data-tone={health.tone}>
      <button
        type="button"
        className={`cluster-pill cluster-${health.tone}`}
        aria-expanded={open}
        aria-controls="cluster-table"
        title={t('cluster.toggleTitle')}
        onClick={() => onToggle(!open)}
        data-testid="cluster-toggle"
      >
        <span className="cluster-dot" aria-hidden="true" />
        <span className="cluster-label">{t('cluster.label')}</span>
        <span className="cluster-state" data-testid="cluster-state">
          {state}
        </span>
        <span className="cluster-sep" aria-hidden="true">
          ·
        </span>
        <span data-testid="cluster-edges">{edges}</span>
        {!health.noEdges && (
          <>
            <span className="cluster-sep" aria-hidden="true">
              ·
            </span>
            <span className="cluster-num" data-testid="cluster-sockets">
              {t('cluster.sockets', { count: num.format(health.edgeSockets) })}
            </span>
          </>
        )}
        <span className="cluster-caret" aria-hidden="true">
          {open ? '▴' : '▾'}
        </span>
      </button>
      {open && (
        <ClusterTable
          health={health}
          format={(n) => num.format(n)}
          onForget={(edgeId) => setWatch((w) => forgetEdge(w, edgeId))}
        />
      )}
    </div>
  );
}

function ClusterTable({
  health,
  format,
  onForget,
}: {
  health: ClusterHealth;
  format: (n: number) => string;
  onForget: (edgeId: string) => void;
}) {
  const t = useT();
  const seconds = (ms: number) => (ms < 10_000 ? (ms / 1000).toFixed(1) : String(Math.round(ms / 1000)));
  const has = (e: EdgeHealth, ...issues: EdgeHealth['issues']) => issues.some((i) => e.issues.includes(i));
  return (
    <div
      className="cluster-card"
      id="cluster-table"
      role="region"
      aria-label={t('cluster.title')}
      data-testid="cluster-table"
    >
      <h2>{t('cluster.title')}</h2>
      {health.tone === 'stale' && (
        <p className="cluster-note cluster-note-stale" data-testid="cluster-stale">
          {t('cluster.staleNote', { seconds: Math.floor(health.ageMs / 1000) })}
        </p>
      )}
      <table className="cluster-table">
        <thead>
          <tr>
            <th>{t('cluster.col.node')}</th>
            <th className="num">{t('cluster.col.sockets')}</th>
            <th className="num">{t('cluster.col.rtt')}</th>
            <th className="num">{t('cluster.col.queued')}</th>
            <th>{t('cluster.col.redis')}</th>
            <th className="num">{t('cluster.col.seen')}</th>
          </tr>
        </thead>
        <tbody>
          <tr className="cluster-row-core" data-testid="cluster-row-core">
            <td>
              <span className="role-tag role-host">{t('cluster.core')}</span>
            </td>
            <td className="num">{format(health.coreSockets)}</td>
            <td className="num cluster-muted">—</td>
            <td className="num cluster-muted">—</td>
            <td className={health.redisUp ? 'cluster-up' : 'cluster-bad'}>
              {health.redisUp ? t('cluster.redisUp') : t('cluster.redisDown')}
              {health.redisOutages > 0 && (
                <span className="cluster-muted"> · {t('cluster.outages', { count: health.redisOutages })}</span>
              )}
            </td>
            <td className="num cluster-muted">—</td>
          </tr>
          {health.edges.map((e) => (
            <tr
              key={e.edgeId}
              className={e.missing ? 'cluster-row-missing' : e.issues.length > 0 ? 'cluster-row-warn' : ''}
              data-testid={`cluster-row-${e.edgeId}`}
            >
              <td className="cluster-edge-id">
                {e.edgeId}
                {e.missing && <span className="cluster-tag">{t('cluster.missing')}</span>}
              </td>
              <td className="num">{e.missing ? '—' : format(e.status.sockets)}</td>
              <td className={`num${has(e, 'rtt') ? ' cluster-warn-cell' : ''}`}>
                {e.missing ? '—' : `${format(Math.round(e.status.rttMs))} ms`}
              </td>
              <td className={`num${has(e, 'queue') ? ' cluster-warn-cell' : ''}`}>
                {e.missing ? '—' : format(e.status.queued)}
              </td>
              <td className={e.missing ? 'cluster-muted' : e.status.redisUp ? 'cluster-up' : 'cluster-warn-cell'}>
                {e.missing ? '—' : e.status.redisUp ? t('cluster.redisUp') : t('cluster.redisDown')}
              </td>
              <td className={`num${has(e, 'missing', 'late') ? ' cluster-warn-cell' : ' cluster-muted'}`}>
                {t('cluster.ago', { seconds: seconds(e.agoMs) })}
                {e.missing && (
                  <button
                    type="button"
                    className="cluster-forget"
                    title={t('cluster.forgetTitle')}
                    onClick={() => onForget(e.edgeId)}
                  >
                    {t('cluster.forget')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {health.noEdges && <p className="cluster-note">{t('cluster.noEdgesNote')}</p>}
    </div>
  );
}
