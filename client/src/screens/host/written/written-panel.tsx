/**
 * The proctor view (笔试监考) in the host panel: per written segment, open/close/release, the
 * live counts (`written:proctor`, at most once a second), a searchable taker list with progress,
 * last seen and focus losses, extra time / void / reopen with a reason, personal links with QR
 * codes, item analysis, ranking and exports. The list is fetched over HTTP with the host token
 * (docs/protocol-written.md): tens of thousands of rows never ride the contest broadcasts.
 */
import { useEffect, useState } from 'react';
import type { ClientCommand, ContestState, ProctorSummary } from '@leitai/shared';
import { useSession } from '../../../ui/session-context.tsx';
import { QrCode } from '../../../ui/qr-code.tsx';
import { hostPageUrl } from '../../../core/host-page-link.ts';
import { useProctorT } from './proctor-i18n.ts';
import { useLocale } from '../../../core/i18n/i18n.ts';

interface TakerRow {
  takerId: string;
  name: string;
  unit: string;
  status: 'not-started' | 'writing' | 'submitted' | 'void';
  answered: number;
  questions: number;
  focusLosses: number;
  takeovers: number;
  lastSeenAt: number | null;
  score: number | null;
}
interface Results {
  ranking: { group: string; rows: (TakerRow & { rank: number })[] }[];
  items: { questionId: string; takers: number; correctPercent: number; chosen: Record<string, number> }[];
}

const STATUS_KEY = { 'not-started': 'notStarted', writing: 'writing', submitted: 'submitted', void: 'void' } as const;
/** The taker list refreshes this often while the tab is open. */
const LIST_MS = 2000;

function useApi() {
  const session = useSession();
  return async <T,>(path: string): Promise<T | null> => {
    const res = await fetch(path, {
      headers: { Authorization: `Bearer ${session.token ?? ''}` },
      cache: 'no-store',
    }).catch(() => null);
    return res?.ok ? ((await res.json()) as T) : null;
  };
}

export function WrittenTab({ active, onSelect }: { active: boolean; onSelect: () => void }) {
  const t = useProctorT();
  return (
    <button
      type="button"
      role="tab"
      aria-selected={active}
      className={active ? 'is-active' : ''}
      data-testid="tab-written"
      onClick={onSelect}
    >
      {t('tab')}
    </button>
  );
}

export function WrittenPanel({ contest, run }: { contest: ContestState; run: (command: ClientCommand) => void }) {
  const t = useProctorT();
  const segments = contest.definition.stages.flatMap((s) =>
    s.segments.filter((g) => g.kind === 'written').map((g) => ({ id: g.id, name: `${s.name} · ${g.name}` })),
  );
  if (segments.length === 0) return <p className="panel">{t('none')}</p>;
  return (
    <div className="proctor">
      {segments.map((g) => (
        <SegmentProctor key={g.id} contest={contest} segmentId={g.id} name={g.name} run={run} />
      ))}
    </div>
  );
}

function SegmentProctor({
  contest,
  segmentId,
  name,
  run,
}: {
  contest: ContestState;
  segmentId: string;
  name: string;
  run: (command: ClientCommand) => void;
}) {
  const t = useProctorT();
  const locale = useLocale((s) => s.locale);
  const session = useSession();
  const api = useApi();
  const w = contest.written[segmentId];
  const status = w?.status ?? 'pending';
  const [summary, setSummary] = useState<ProctorSummary | null>(null);
  const [rows, setRows] = useState<TakerRow[]>([]);
  const [query, setQuery] = useState('');
  const [reason, setReason] = useState('');
  const [withKey, setWithKey] = useState(false);
  const [links, setLinks] = useState<{ takerId: string; name: string; url: string }[] | null>(null);
  const [results, setResults] = useState<Results | null>(null);
  const base = `/api/contests/${encodeURIComponent(contest.contestId)}/written/${encodeURIComponent(segmentId)}`;

  useEffect(() => {
    const socket = session.socket;
    if (!socket) return;
    const on = (s: ProctorSummary) => {
      if (s.segmentId === segmentId) setSummary(s);
    };
    socket.on('written:proctor', on);
    return () => void socket.off('written:proctor', on);
  }, [session.socket, segmentId]);

  useEffect(() => {
    let stop = false;
    const load = async () => {
      const body = await api<{ summary: ProctorSummary; takers: TakerRow[] }>(
        `${base}/takers?q=${encodeURIComponent(query)}`,
      );
      if (stop || !body) return;
      setRows(body.takers);
      setSummary((s) => (s && s.at > body.summary.at ? s : body.summary));
    };
    void load();
    const timer = setInterval(() => void load(), LIST_MS);
    return () => {
      stop = true;
      clearInterval(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [base, query, contest.version]);

  useEffect(() => {
    if (status !== 'closed') return;
    void api<Results>(`${base}/results`).then(setResults);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [base, status, contest.version]);

  const download = async (ext: 'csv' | 'xlsx') => {
    // The export's headings follow the page's language (`?lang=en`).
    const res = await fetch(`${base}/export.${ext}${locale === 'en' ? '?lang=en' : ''}`, {
      headers: { Authorization: `Bearer ${session.token ?? ''}` },
    });
    if (!res.ok) return;
    const a = document.createElement('a');
    a.href = URL.createObjectURL(await res.blob());
    a.download = `${name}.${ext}`;
    a.click();
    URL.revokeObjectURL(a.href);
  };
  const paperCommand = (type: 'ExtendTakerTime' | 'VoidPaper' | 'ReopenPaper', takerId: string) => {
    const data = { segmentId, takerId, reason: reason.trim() };
    run(type === 'ExtendTakerTime' ? { type, data: { ...data, seconds: 300 } } : { type, data });
  };
  const noReason = reason.trim().length === 0;
  const stemOf = new Map(contest.definition.questions.map((q) => [q.id, q.text]));
  /** A choice as the paper shows it: option letters as they are, true/false as 对/错. */
  const optionLabel = (key: string) => (key === 'true' ? t('optTrue') : key === 'false' ? t('optFalse') : key);

  return (
    <section className="panel proctor-seg" data-testid={`proctor-${segmentId}`}>
      <header className="proctor-head">
        <h2>
          {name} <small data-testid="proctor-status">{t(w?.released ? 'released' : status)}</small>
        </h2>
        <div className="proctor-actions">
          {status === 'pending' && (
            <button
              type="button"
              className="btn btn-small"
              data-testid="open-test"
              onClick={() => run({ type: 'OpenWrittenTest', data: { segmentId } })}
            >
              {t('openTest')}
            </button>
          )}
          {status === 'open' && (
            <button
              type="button"
              className="btn btn-small"
              data-testid="close-test"
              onClick={() => run({ type: 'CloseWrittenTest', data: { segmentId } })}
            >
              {t('closeTest')}
            </button>
          )}
          {status === 'closed' && !w?.released && (
            <>
              <label>
                <input type="checkbox" checked={withKey} onChange={(e) => setWithKey(e.currentTarget.checked)} />
                {t('withKey')}
              </label>
              <button
                type="button"
                className="btn btn-small"
                data-testid="release"
                onClick={() => run({ type: 'ReleaseWrittenResults', data: { segmentId, withKey } })}
              >
                {t('release')}
              </button>
            </>
          )}
          <button
            type="button"
            className="btn btn-small btn-quiet"
            data-testid="links"
            onClick={() =>
              links
                ? setLinks(null)
                : void api<{ links: { takerId: string; name: string; url: string }[] }>(`${base}/links`).then(
                    (b) => b && setLinks(b.links),
                  )
            }
          >
            {links ? t('hideLinks') : t('links')}
          </button>
          {session.token && (
            <a
              className="btn btn-small"
              href={hostPageUrl('written-sheet', contest.contestId, session.token, { segment: segmentId })}
              target="_blank"
              rel="noopener"
              data-testid="open-written-sheet"
            >
              {t('sheet')}
            </a>
          )}
          <button type="button" className="btn btn-small btn-quiet" onClick={() => void download('csv')}>
            {t('exportCsv')}
          </button>
          <button type="button" className="btn btn-small btn-quiet" onClick={() => void download('xlsx')}>
            {t('exportXlsx')}
          </button>
        </div>
      </header>
      {summary && (
        <p className="proctor-counts" data-testid="proctor-counts">
          <span>{t('takers', { n: summary.takers })}</span>
          <span data-testid="count-not-started">
            {t('notStarted')} {summary.notStarted}
          </span>
          <span data-testid="count-writing">
            {t('writing')} {summary.writing}
          </span>
          <span data-testid="count-submitted">
            {t('submitted')} {summary.submitted}
          </span>
          <span>
            {t('void')} {summary.void}
          </span>
          <span>{t('saves', { n: summary.saves })}</span>
        </p>
      )}
      {links && (
        <ol className="proctor-links">
          {links.map((l) => (
            <li key={l.takerId}>
              <QrCode text={l.url} label={l.name} />
              <span>{l.name}</span>
            </li>
          ))}
        </ol>
      )}
      <div className="proctor-tools">
        <input
          placeholder={t('search')}
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          data-testid="taker-search"
        />
        <input
          placeholder={t('reason')}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          data-testid="reason"
        />
      </div>
      <table className="proctor-table" data-testid="taker-table">
        <thead>
          <tr>
            <th>{t('name')}</th>
            <th>{t('unit')}</th>
            <th>{t('status')}</th>
            <th>{t('progress')}</th>
            <th>{t('lastSeen')}</th>
            <th>{t('focus')}</th>
            <th>{t('score')}</th>
            <th>{t('actions')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, 200).map((r) => (
            <tr key={r.takerId} data-testid={`taker-${r.takerId}`} data-status={r.status}>
              <td>{r.name}</td>
              <td>{r.unit}</td>
              <td>{t(STATUS_KEY[r.status])}</td>
              <td data-testid="progress">
                {r.answered}/{r.questions}
              </td>
              <td>{r.lastSeenAt ? new Date(r.lastSeenAt).toLocaleTimeString() : '—'}</td>
              <td data-testid="focus">{r.focusLosses}</td>
              <td>{r.score === null ? '' : (r.score / 100).toFixed(2)}</td>
              <td>
                <button
                  type="button"
                  className="btn btn-small btn-quiet"
                  disabled={noReason || status !== 'open'}
                  onClick={() => paperCommand('ExtendTakerTime', r.takerId)}
                >
                  {t('extend')}
                </button>
                <button
                  type="button"
                  className="btn btn-small btn-quiet"
                  disabled={noReason || status === 'pending' || !!w?.released}
                  onClick={() => paperCommand('VoidPaper', r.takerId)}
                >
                  {t('voidPaper')}
                </button>
                <button
                  type="button"
                  className="btn btn-small btn-quiet"
                  disabled={noReason || status !== 'open'}
                  onClick={() => paperCommand('ReopenPaper', r.takerId)}
                >
                  {t('reopen')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {results && (
        <div className="proctor-results">
          <h3>{t('items')}</h3>
          <table className="proctor-table">
            <thead>
              <tr>
                <th>{t('question')}</th>
                <th>{t('correct')}</th>
                <th>{t('chosen')}</th>
              </tr>
            </thead>
            <tbody>
              {results.items.map((i) => (
                <tr key={i.questionId} data-testid={`item-${i.questionId}`}>
                  <td>
                    <span className="proctor-qid">{i.questionId}</span> {stemOf.get(i.questionId) ?? ''}
                  </td>
                  <td>{i.correctPercent}%</td>
                  <td data-testid="item-chosen">
                    {Object.entries(i.chosen)
                      .sort()
                      .map(([k, n]) => `${optionLabel(k)}: ${n}`)
                      .join(' · ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>{t('ranking')}</h3>
          {results.ranking.map((g) => (
            <p key={g.group}>
              <b>{g.group}</b>{' '}
              {g.rows
                .slice(0, 10)
                .map((r) => `${r.rank}. ${r.name} ${r.score === null ? '' : (r.score / 100).toFixed(2)}`)
                .join(' · ')}
            </p>
          ))}
        </div>
      )}
    </section>
  );
}
