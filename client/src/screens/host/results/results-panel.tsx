import { useState } from 'react';
import {
  ceremonySteps,
  formatHundredths,
  POPULARITY_RULE,
  resultsStageId,
  stageResults,
  type ClientCommand,
  type ContestState,
  type PopularityAck,
  type StageResults,
} from '@leitai/shared';
import { useLocale, useT } from '../../../core/i18n/i18n.ts';
import { useAudience, useAudienceFeed } from '../../../ui/danmaku/use-audience.ts';
import { useContest, useSession } from '../../../ui/session-context.tsx';
import { useToasts } from '../../../ui/toasts.tsx';
import { AdvancementPanel } from './advancement-panel.tsx';
import { PopularityBreakdownTable } from './popularity-breakdown.tsx';
import { CorrectionsPanel } from './corrections-panel.tsx';
import { downloadExport, resultsSheetUrl } from './results-api.ts';
import './results.css';

type Run = (command: ClientCommand) => void;

/** Live totals, ranks, awards, the advancing list, the ceremony's steps, exports and corrections. */
export function ResultsPanel({ contest, run }: { contest: ContestState; run: Run }) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const session = useSession();
  const push = useToasts((s) => s.push);
  const contestId = useContest((s) => s.welcome?.contestId ?? s.contest?.contestId ?? '');
  const [stageId, setStageId] = useState<string | null>(null);
  const sid = stageId ?? resultsStageId(contest);
  const results = sid ? stageResults(contest, sid) : null;
  if (!results) return null;
  const steps = ceremonySteps(results);
  const step = Math.min(contest.judging.ceremonyStep, steps.length);
  const token = session.token ?? '';
  const fileName = `${contest.definition.title}-${results.stageName}`;
  const download = (format: 'csv' | 'xlsx') =>
    void downloadExport(contestId, results.stageId, format, token, fileName, locale).catch((e: unknown) =>
      push('error', String(e)),
    );

  return (
    <div className="hr" data-testid="results-panel">
      <section className="panel hr-standings">
        <h2>
          {t('hr.title')}
          {contest.definition.stages.length > 1 ? (
            <select value={results.stageId} onChange={(e) => setStageId(e.target.value)} aria-label={t('hr.stage')}>
              {contest.definition.stages.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          ) : (
            <small>{results.stageName}</small>
          )}
        </h2>
        <div className="hr-tools">
          <button
            type="button"
            className={`btn ${contest.scene === 'results' ? 'is-on' : ''}`}
            data-testid="hr-show-totals"
            onClick={() => run({ type: 'ChooseScene', data: { scene: 'results' } })}
          >
            {t('hr.showTotals')}
          </button>
          <a
            className="btn btn-quiet"
            href={resultsSheetUrl(contestId, results.stageId, token)}
            target="_blank"
            rel="noopener"
            data-testid="hr-print"
          >
            {t('hr.print')}
          </a>
          <a
            className="btn btn-quiet"
            href={`/results-public.html?code=${encodeURIComponent(contest.joinCode)}`}
            target="_blank"
            rel="noopener"
            data-testid="hr-public"
            title={t('hr.publicTitle')}
          >
            {t('hr.public')}
          </a>
          <button type="button" className="btn btn-quiet" onClick={() => download('csv')} data-testid="hr-csv">
            {t('hr.csv')}
          </button>
          <button type="button" className="btn btn-quiet" onClick={() => download('xlsx')} data-testid="hr-xlsx">
            {t('hr.xlsx')}
          </button>
        </div>
        <table className="hr-table" data-testid="hr-table">
          <thead>
            <tr>
              <th>{t('hr.rank')}</th>
              <th>{t('hr.seat')}</th>
              <th>{t('hr.name')}</th>
              {results.segments.map((s) => (
                <th key={s.id} className="num">
                  {s.name}
                  <small>{formatHundredths(s.weight, { trimZeros: true })}%</small>
                </th>
              ))}
              <th className="num">{t('hr.total')}</th>
              <th>{t('hr.award')}</th>
            </tr>
          </thead>
          <tbody>
            {results.rows.map((r) => (
              <tr key={r.id} data-testid={`hr-row-${r.id}`}>
                <td className="hr-rank">{r.rank}</td>
                <td>{r.seat}</td>
                <td className="hr-name">{r.name}</td>
                {results.segments.map((s) => (
                  <td key={s.id} className="num">
                    {r.segmentScores[s.id] !== undefined ? formatHundredths(r.segmentScores[s.id] ?? 0) : '—'}
                  </td>
                ))}
                <td className="num hr-total" data-testid={`hr-total-${r.id}`}>
                  {formatHundredths(r.total)}
                </td>
                <td>
                  {r.tier && <span className={`hr-tier tier-${r.tier.id}`}>{r.tier.name}</span>}
                  {r.singleItems.map((a) => (
                    <span key={a.id} className="hr-single">
                      {a.name}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <div className="hr-side">
        <section className="panel" data-testid="hr-ceremony">
          <h2>{t('hr.ceremony')}</h2>
          <ol className="hr-steps">
            {steps.map((s, i) => (
              <li key={`${s.kind}-${s.id}`} className={i < step ? 'is-done' : i === step ? 'is-next' : ''}>
                <strong>{s.name}</strong>
                <span>{s.winners.map((w) => results.rows.find((r) => r.id === w.id)?.name ?? w.id).join('、')}</span>
              </li>
            ))}
          </ol>
          <div className="hr-tools">
            <button
              type="button"
              className={`btn btn-quiet ${contest.scene === 'ceremony' ? 'is-on' : ''}`}
              onClick={() => run({ type: 'ChooseScene', data: { scene: 'ceremony' } })}
              data-testid="hr-ceremony-scene"
            >
              {t('hr.ceremonyShow')}
            </button>
            <button
              type="button"
              className="btn btn-quiet"
              disabled={step === 0}
              onClick={() => run({ type: 'SetCeremonyStep', data: { step: step - 1 } })}
            >
              {t('hr.ceremonyPrev')}
            </button>
            <button
              type="button"
              className="btn btn-gold"
              disabled={step >= steps.length}
              onClick={() => run({ type: 'SetCeremonyStep', data: { step: step + 1 } })}
              data-testid="hr-ceremony-next"
            >
              {t('hr.ceremonyNext')}
            </button>
            <span className="hr-step">{t('hr.ceremonyStep', { n: step, m: steps.length })}</span>
          </div>
        </section>

        {results.popularity && <PopularityBox results={results} />}

        <AdvancementPanel contest={contest} results={results} run={run} />

        <CorrectionsPanel contest={contest} results={results} run={run} contestId={contestId} token={token} />
      </div>
    </div>
  );
}

/**
 * 人气奖: the live cheer counts, and a button (with confirmation) asking the server to freeze
 * them into the contest log. The server reads the counts itself; the host sends only the stage.
 */
function PopularityBox({ results }: { results: StageResults }) {
  const t = useT();
  const feed = useAudienceFeed();
  const push = useToasts((s) => s.push);
  const live = useAudience((s) => s.cheers);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const pop = results.popularity;
  if (!pop) return null;
  const liveCounts = live.stageId === results.stageId ? live.counts : null;
  const nameOf = (id: string) => results.rows.find((r) => r.id === id)?.name ?? id;
  const top = (counts: Record<string, number>) =>
    Object.entries(counts)
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 5);
  const winners = new Set(pop.winners.map((w) => w.id));
  const record = async () => {
    setBusy(true);
    const r = await feed.request<Extract<PopularityAck, { ok: true }>>('moderation:popularity', {
      stageId: results.stageId,
    });
    setBusy(false);
    setConfirming(false);
    if (r.ok) push('info', t('hr.popularityDone'));
    else push('error', t('hr.popularityFailed', { message: r.error.message }));
  };
  return (
    <section className="panel" data-testid="hr-popularity">
      <h2>{pop.name}</h2>
      {pop.by === 'likes' ? (
        <p className="panel-note" data-testid="hr-popularity-likes">
          {t('hr.popularityLikes')}
        </p>
      ) : (
        <>
          <p className="panel-note">{t('hr.popularity')}</p>
          <h3>{t('hr.popularityLive')}</h3>
          {liveCounts && top(liveCounts).length > 0 ? (
            <ol className="hr-pop" data-testid="hr-popularity-live">
              {top(liveCounts).map(([id, n]) => (
                <li key={id}>
                  {nameOf(id)} <span className="num">{n}</span>
                </li>
              ))}
            </ol>
          ) : (
            <p className="panel-note">{t('hr.popularityNoVotes')}</p>
          )}
        </>
      )}
      <h3>
        {pop.counts && pop.recordedAt !== null
          ? t('hr.popularityRecorded', { time: new Date(pop.recordedAt).toLocaleTimeString() })
          : t('hr.popularityNotYet')}
      </h3>
      <PopularityBreakdownTable
        stageId={results.stageId}
        nameOf={nameOf}
        by={pop.by}
        perAddress={pop.by === 'likes' ? POPULARITY_RULE.likesPerAddress : POPULARITY_RULE.perAddress}
      />
      {pop.counts && (
        <ol className="hr-pop" data-testid="hr-popularity-recorded">
          {top(pop.counts).map(([id, n]) => (
            <li key={id} className={winners.has(id) ? 'is-winner' : ''}>
              {nameOf(id)} <span className="num">{n}</span>
              {winners.has(id) && <span className="hr-single">{t('hr.popularityWinner')}</span>}
            </li>
          ))}
        </ol>
      )}
      <div className="hr-tools">
        {confirming ? (
          <>
            <button
              type="button"
              className="btn btn-gold"
              disabled={busy}
              onClick={() => void record()}
              data-testid="hr-popularity-confirm"
            >
              {t('hr.popularityConfirm')}
            </button>
            <button type="button" className="btn btn-quiet" onClick={() => setConfirming(false)}>
              {t('hr.popularityCancel')}
            </button>
          </>
        ) : (
          <button type="button" className="btn" onClick={() => setConfirming(true)} data-testid="hr-popularity-record">
            {t('hr.popularityRecord')}
          </button>
        )}
      </div>
    </section>
  );
}
