/**
 * The platform sources of the contest (audience tab): bilibili rooms and signed webhooks, added
 * here with their keys (sent once to the server, never shown again: the server answers with
 * views that say only which keys are set), started and stopped, with their state (connected /
 * retrying / refused) and counters, refreshed every second over HTTP (docs/protocol-ingest.md).
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { CommentSource } from '@leitai/shared';
import { useContest, useSession } from '../../../ui/session-context.tsx';
import { useToasts } from '../../../ui/toasts.tsx';
import { SourceBadge } from '../../../ui/danmaku/source-badge.tsx';
import { useSourcesT, type SourcesKey } from './sources-i18n.ts';

type State = 'stopped' | 'connecting' | 'connected' | 'retrying' | 'refused';
interface SourceView {
  id: string;
  kind: 'bilibili' | 'webhook';
  platform: CommentSource;
  name: string;
  enabled: boolean;
  baseUrl: string | null;
  countLikes: boolean;
  keys: Record<string, boolean>;
  pushPath: string | null;
  health: { state: State; detail: string | null; retryAt: number | null; since: number };
  counters: Record<string, number>;
}

const POLL_MS = 1000;
const COUNTERS = ['comments', 'shown', 'queued', 'filtered', 'muted', 'rateLimited', 'likes', 'gifts', 'reconnects'];

function useIngestApi() {
  const session = useSession();
  const contestId = useContest((s) => s.welcome?.contestId ?? s.contest?.contestId ?? '');
  const base = contestId ? `/api/contests/${encodeURIComponent(contestId)}/ingest` : null;
  return useCallback(
    async (path: string, method = 'GET', body?: object): Promise<{ ok: boolean; json: unknown }> => {
      if (!base) return { ok: false, json: null };
      const res = await fetch(`${base}${path}`, {
        method,
        cache: 'no-store',
        headers: {
          Authorization: `Bearer ${session.token ?? ''}`,
          ...(body ? { 'Content-Type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      }).catch(() => null);
      if (!res) return { ok: false, json: null };
      return { ok: res.ok, json: await res.json().catch(() => null) };
    },
    [base, session.token],
  );
}

export function SourcesPanel() {
  const t = useSourcesT();
  const api = useIngestApi();
  const push = useToasts((s) => s.push);
  const [sources, setSources] = useState<SourceView[]>([]);
  const [adding, setAdding] = useState(false);

  const refresh = useCallback(async () => {
    const r = await api('');
    if (r.ok) setSources((r.json as { sources: SourceView[] }).sources);
  }, [api]);
  useEffect(() => {
    const first = setTimeout(() => void refresh(), 0);
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [refresh]);

  const act = async (path: string, method = 'POST', body?: object) => {
    const r = await api(path, method, body);
    if (!r.ok) {
      const message = (r.json as { error?: { message?: string } } | null)?.error?.message ?? '—';
      push('error', t('src.failed', { message }));
    }
    await refresh();
    return r.ok;
  };

  return (
    <section className="panel src-panel" data-testid="sources">
      <h2>
        {t('src.title')} <span className="tab-count">{sources.length}</span>
      </h2>
      {sources.length === 0 && !adding && <p className="panel-note">{t('src.none')}</p>}
      <ul className="src-list">
        {sources.map((s) => (
          <SourceRow key={s.id} source={s} act={act} />
        ))}
      </ul>
      {adding ? (
        <AddSource
          onCancel={() => setAdding(false)}
          onSave={async (body) => {
            if (await act('', 'POST', body)) setAdding(false);
          }}
        />
      ) : (
        <button type="button" className="btn btn-small" data-testid="source-add" onClick={() => setAdding(true)}>
          + {t('src.add')}
        </button>
      )}
    </section>
  );
}

function SourceRow({
  source: s,
  act,
}: {
  source: SourceView;
  act: (path: string, method?: string, body?: object) => Promise<boolean>;
}) {
  const t = useSourcesT();
  // Seconds until the next attempt, as of the last refresh (the view carries the server's `since`).
  const retryS = s.health.retryAt ? Math.max(0, Math.ceil((s.health.retryAt - s.health.since) / 1000)) : null;
  return (
    <li className="src-row" data-testid="source-row" data-source-id={s.id} data-state={s.health.state}>
      <div className="src-head">
        <SourceBadge source={s.platform} />
        <strong className="src-name">{s.name}</strong>
        <span
          className={`src-state src-state-${s.health.state}`}
          data-testid="source-state"
          title={s.health.detail ?? ''}
        >
          {t(`src.state.${s.health.state}` as SourcesKey)}
          {s.health.state === 'retrying' && retryS !== null ? ` · ${t('src.retryIn', { s: retryS })}` : ''}
        </span>
      </div>
      <dl className="src-counters">
        {COUNTERS.map((k) => (
          <div key={k}>
            <dt>{t(`src.c.${k}` as SourcesKey)}</dt>
            <dd data-testid={`source-count-${k}`}>{s.counters[k] ?? 0}</dd>
          </div>
        ))}
      </dl>
      {s.pushPath && (
        <p className="src-push">
          {t('src.pushPath')}：<code>{s.pushPath}</code>
        </p>
      )}
      <div className="src-btns">
        {s.enabled ? (
          <button type="button" className="btn btn-small btn-quiet" onClick={() => void act(`/${s.id}/stop`)}>
            {t('src.stop')}
          </button>
        ) : (
          <button
            type="button"
            className="btn btn-small"
            data-testid="source-start"
            onClick={() => void act(`/${s.id}/start`)}
          >
            {t('src.start')}
          </button>
        )}
        {s.enabled && s.health.state === 'refused' && (
          <button type="button" className="btn btn-small" onClick={() => void act(`/${s.id}/start`)}>
            {t('src.start')}
          </button>
        )}
        <button
          type="button"
          className="btn btn-small btn-quiet"
          onClick={() => {
            if (window.confirm(t('src.confirmRemove', { name: s.name }))) void act(`/${s.id}`, 'DELETE');
          }}
        >
          {t('src.remove')}
        </button>
      </div>
    </li>
  );
}

function AddSource({ onCancel, onSave }: { onCancel: () => void; onSave: (body: object) => Promise<void> }) {
  const t = useSourcesT();
  const [kind, setKind] = useState<'bilibili' | 'webhook'>('bilibili');
  const [platform, setPlatform] = useState<CommentSource>('douyin');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [countLikes, setCountLikes] = useState(false);
  const field = (name: string, label: SourcesKey, secret = false) => (
    <label className="src-field">
      <span>{t(label)}</span>
      <input
        name={name}
        data-testid={`source-field-${name}`}
        type={secret ? 'password' : 'text'}
        autoComplete="off"
        value={fields[name] ?? ''}
        onChange={(e) => setFields({ ...fields, [name]: e.target.value })}
      />
    </label>
  );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body =
      kind === 'bilibili'
        ? { kind, ...fields, countLikes }
        : { kind, platform, name: fields.name, secret: fields.secret, countLikes };
    await onSave(body);
    // Keys do not linger in the page.
    setFields({});
  };
  return (
    <form className="src-form" data-testid="source-form" onSubmit={(e) => void submit(e)}>
      <label className="src-field">
        <span>{t('src.kind')}</span>
        <select
          className="mod-select"
          data-testid="source-kind"
          value={kind}
          onChange={(e) => setKind(e.target.value as 'bilibili' | 'webhook')}
        >
          <option value="bilibili">{t('src.kind.bilibili')}</option>
          <option value="webhook">{t('src.kind.webhook')}</option>
        </select>
      </label>
      {kind === 'webhook' && (
        <label className="src-field">
          <span>{t('src.platform')}</span>
          <select
            className="mod-select"
            data-testid="source-platform"
            value={platform}
            onChange={(e) => setPlatform(e.target.value as CommentSource)}
          >
            <option value="douyin">{t('src.platform.douyin')}</option>
            <option value="kuaishou">{t('src.platform.kuaishou')}</option>
            <option value="wechat">{t('src.platform.wechat')}</option>
          </select>
        </label>
      )}
      {field('name', 'src.name')}
      {kind === 'bilibili' ? (
        <>
          {field('baseUrl', 'src.baseUrl')}
          {field('appId', 'src.appId')}
          {field('accessKeyId', 'src.accessKeyId')}
          {field('accessKeySecret', 'src.accessKeySecret', true)}
          {field('code', 'src.code', true)}
        </>
      ) : (
        field('secret', 'src.secret', true)
      )}
      <label className="src-check">
        <input type="checkbox" checked={countLikes} onChange={(e) => setCountLikes(e.target.checked)} />
        {t('src.countLikes')}
      </label>
      <p className="panel-hint src-note">{t('src.keysNote')}</p>
      <div className="src-btns">
        <button type="submit" className="btn btn-small" data-testid="source-save">
          {t('src.save')}
        </button>
        <button type="button" className="btn btn-small btn-quiet" onClick={onCancel}>
          {t('src.cancel')}
        </button>
      </div>
    </form>
  );
}
