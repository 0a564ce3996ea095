import { useState } from 'react';
import {
  findStage,
  formatHundredths,
  nextStageOf,
  stageGroups,
  stageRoster,
  type ClientCommand,
  type ContestState,
  type StageResults,
} from '@leitai/shared';
import { useT } from '../../../core/i18n/i18n.ts';

type Run = (command: ClientCommand) => void;

/**
 * 晋级: the advancement table of the stage shown (per group: rank, name, the segments the rule
 * ranks by, total, the cut line, ties at the cut), who is seeded into the next stage, and the
 * host's confirmation; once confirmed, the next stage's roster and its corrections.
 */
export function AdvancementPanel({
  contest,
  results,
  run,
}: {
  contest: ContestState;
  results: StageResults;
  run: Run;
}) {
  const t = useT();
  const stage = findStage(contest.definition, results.stageId);
  const adv = results.advancement;
  if (!stage || !adv || !stage.advancement) {
    return (
      <section className="panel" data-testid="hr-advance">
        <h2>{t('hr.advance')}</h2>
        <p className="panel-note">{t('hr.noAdvance')}</p>
      </section>
    );
  }
  const to = nextStageOf(contest, stage);
  const record = contest.advancement.confirmed[stage.id] ?? null;
  const rule = stage.advancement;
  const segmentIds = rule.bySegmentIds ?? stage.segments.map((s) => s.id);
  const segments = segmentIds.flatMap((id) => {
    const s = stage.segments.find((g) => g.id === id);
    return s ? [s] : [];
  });
  const rowOf = new Map(results.rows.map((r) => [r.id, r]));
  const nameOf = (id: string) =>
    rowOf.get(id)?.name ?? contest.definition.contestants.find((c) => c.id === id)?.name ?? id;
  const seeded = to ? (contest.rosters[to.id]?.seeded ?? []) : [];
  const advancing = new Set(record ? record.advancers : adv.advancerIds);

  return (
    <section className="panel hr-adv" data-testid="hr-advance">
      <h2>
        {t('hr.advance')}
        {to && <small>{t('adv.into', { from: stage.name, to: to.name })}</small>}
      </h2>
      {record && (
        <div className="hr-tools">
          <button
            type="button"
            className={`btn ${contest.scene === 'advancement' ? 'is-on' : ''}`}
            onClick={() => run({ type: 'ChooseScene', data: { scene: 'advancement' } })}
            data-testid="adv-show"
          >
            {t('adv.show')}
          </button>
        </div>
      )}
      <p className="panel-note">
        {t('adv.rule', {
          n: rule.perGroup,
          by: rule.bySegmentIds ? segments.map((s) => s.name).join(' + ') : t('hr.total'),
        })}
      </p>
      {adv.groups.map((g) => {
        const tie = record ? null : g.tie;
        return (
          <div key={g.groupId} className="hr-adv-group" data-testid={`adv-group-${g.groupId}`}>
            <h3>{g.name}</h3>
            <table className="hr-adv-table">
              <thead>
                <tr>
                  <th>{t('hr.rank')}</th>
                  <th>{t('hr.name')}</th>
                  {segments.map((s) => (
                    <th key={s.id} className="num">
                      {s.name}
                    </th>
                  ))}
                  <th className="num">{rule.bySegmentIds ? t('adv.byTotal') : t('hr.total')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {g.ranking.map((e, i) => {
                  const next = g.ranking[i + 1];
                  const tied = tie?.tiedIds.includes(e.id) ?? false;
                  const goes = advancing.has(e.id);
                  // The cut line runs under the last who advance by rank alone (above a tie at the cut).
                  const cut = next !== undefined && e.rank <= rule.perGroup && next.rank > rule.perGroup;
                  const tieTop = tie && tied && (i === 0 || !tie.tiedIds.includes(g.ranking[i - 1]?.id ?? ''));
                  return (
                    <tr
                      key={e.id}
                      className={`${goes && !tied ? 'is-in' : ''} ${tied ? 'is-tied' : ''} ${cut ? 'is-cut' : ''} ${tieTop ? 'is-tie-top' : ''}`}
                      data-testid={`adv-row-${e.id}`}
                    >
                      <td className="hr-rank">{e.rank}</td>
                      <td>{nameOf(e.id)}</td>
                      {segments.map((s) => {
                        const v = rowOf.get(e.id)?.segmentScores[s.id];
                        return (
                          <td key={s.id} className="num">
                            {v === undefined ? '—' : formatHundredths(v)}
                          </td>
                        );
                      })}
                      <td className="num">{formatHundredths(e.total)}</td>
                      <td className="hr-adv-mark">{tied ? t('adv.tied') : goes ? t('adv.advances') : ''}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {tie && <p className="hr-adv-tie">{t('adv.tie', { n: tie.tiedIds.length, m: tie.seats })}</p>}
          </div>
        );
      })}
      {seeded.length > 0 && to && (
        <p className="hr-adv-seeded" data-testid="adv-seeded">
          <strong>{t('adv.seeded', { stage: to.name })}</strong> {seeded.map(nameOf).join('、')}
        </p>
      )}
      {record ? (
        <ConfirmedRoster contest={contest} run={run} toStageId={record.toStageId} results={results} />
      ) : (
        <ConfirmForm contest={contest} results={results} run={run} />
      )}
    </section>
  );
}

/** The host's confirmation, with a choice for every tie at the cut. */
function ConfirmForm({ contest, results, run }: { contest: ContestState; results: StageResults; run: Run }) {
  const t = useT();
  const [choices, setChoices] = useState<Record<string, 'all' | string[]>>({});
  const [reason, setReason] = useState('');
  const adv = results.advancement;
  if (!adv) return null;
  const finished = contest.stageStatus[results.stageId] === 'finished';
  const ties = adv.groups.filter((g) => g.tie);
  const nameOf = (id: string) => results.rows.find((r) => r.id === id)?.name ?? id;
  const chosen = Object.values(choices).some((c) => c !== 'all');
  const complete = ties.every((g) => {
    const c = choices[g.groupId];
    return c === 'all' || (Array.isArray(c) && c.length === g.tie?.seats);
  });
  const submit = () =>
    run({
      type: 'ConfirmAdvancement',
      data: {
        fromStageId: results.stageId,
        ...(ties.length > 0
          ? { resolutions: ties.map((g) => ({ groupId: g.groupId, advance: choices[g.groupId] ?? 'all' })) }
          : {}),
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      },
    });
  return (
    <div className="hr-adv-confirm">
      {ties.map((g) => {
        const c = choices[g.groupId];
        return (
          <fieldset key={g.groupId} className="hr-adv-choice" data-testid={`adv-tie-${g.groupId}`}>
            <legend>
              {g.name} · {t('adv.tie', { n: g.tie?.tiedIds.length ?? 0, m: g.tie?.seats ?? 0 })}
            </legend>
            <label>
              <input
                type="radio"
                checked={c === 'all'}
                onChange={() => setChoices({ ...choices, [g.groupId]: 'all' })}
              />
              {t('adv.tieAll')}
            </label>
            {g.tie?.tiedIds.map((id) => (
              <label key={id}>
                <input
                  type="checkbox"
                  checked={Array.isArray(c) && c.includes(id)}
                  onChange={(e) => {
                    const list = Array.isArray(c) ? c : [];
                    const next = e.target.checked ? [...list, id] : list.filter((x) => x !== id);
                    setChoices({ ...choices, [g.groupId]: next });
                  }}
                />
                {nameOf(id)}
              </label>
            ))}
          </fieldset>
        );
      })}
      <label className="hr-adv-reason">
        {t('adv.reason')}
        <input
          value={reason}
          maxLength={500}
          onChange={(e) => setReason(e.target.value)}
          placeholder={chosen ? t('adv.reasonNeeded') : t('adv.reasonOptional')}
          data-testid="adv-reason"
        />
      </label>
      <button
        type="button"
        className="btn"
        disabled={!finished || !complete || (chosen && !reason.trim())}
        onClick={submit}
        data-testid="adv-confirm"
      >
        {t('adv.confirm')}
      </button>
      {!finished && <span className="panel-note">{t('adv.notFinished')}</span>}
    </div>
  );
}

/** The next stage's roster as confirmed and corrected since, and the correction form while it has not started. */
function ConfirmedRoster({
  contest,
  run,
  toStageId,
  results,
}: {
  contest: ContestState;
  run: Run;
  toStageId: string;
  results: StageResults;
}) {
  const t = useT();
  const [remove, setRemove] = useState('');
  const [add, setAdd] = useState('');
  const [reason, setReason] = useState('');
  const to = findStage(contest.definition, toStageId);
  const nameOf = (id: string) => contest.definition.contestants.find((c) => c.id === id)?.name ?? id;
  const onRoster = new Set(stageRoster(contest, toStageId));
  // Replacements in the order of the stage just finished (the next in rank first), then everyone else.
  const ranked = results.advancement?.groups.flatMap((g) => g.ranking.map((e) => e.id)) ?? [];
  const candidates = [...ranked, ...contest.definition.contestants.map((c) => c.id)].filter(
    (id, i, all) => !onRoster.has(id) && all.indexOf(id) === i,
  );
  const pending = contest.stageStatus[toStageId] === 'pending';
  const corrections = contest.advancement.rosterCorrections.filter((c) => c.stageId === toStageId);
  return (
    <div className="hr-adv-roster" data-testid="adv-roster">
      <h3>{t('adv.confirmed', { stage: to?.name ?? toStageId })}</h3>
      <ul>
        {stageGroups(contest, toStageId).map((g) => (
          <li key={g.id}>
            <strong>{g.name}</strong> {g.contestantIds.map(nameOf).join('、') || '—'}
          </li>
        ))}
      </ul>
      {corrections.length > 0 && (
        <ol className="hr-adv-corrections" data-testid="adv-corrections">
          {corrections.map((c, i) => (
            <li key={i}>
              {c.removed.length > 0 && `${t('adv.removed')} ${c.removed.map(nameOf).join('、')} `}
              {c.added.length > 0 && `${t('adv.added')} ${c.added.map((a) => nameOf(a.contestantId)).join('、')} `}
              <em>{c.reason}</em>
            </li>
          ))}
        </ol>
      )}
      {pending && (
        <div className="hr-corr-form">
          <label>
            {t('adv.withdraw')}
            <select value={remove} onChange={(e) => setRemove(e.target.value)} data-testid="adv-remove">
              <option value="">—</option>
              {[...onRoster].map((id) => (
                <option key={id} value={id}>
                  {nameOf(id)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('adv.replace')}
            <select value={add} onChange={(e) => setAdd(e.target.value)} data-testid="adv-add">
              <option value="">—</option>
              {candidates.map((id) => (
                <option key={id} value={id}>
                  {nameOf(id)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('adv.reason')}
            <input
              value={reason}
              maxLength={500}
              onChange={(e) => setReason(e.target.value)}
              data-testid="adv-fix-reason"
            />
          </label>
          <button
            type="button"
            className="btn"
            disabled={(!remove && !add) || !reason.trim()}
            onClick={() => {
              run({
                type: 'CorrectRoster',
                data: {
                  stageId: toStageId,
                  ...(remove ? { remove: [remove] } : {}),
                  ...(add ? { add: [add] } : {}),
                  reason: reason.trim(),
                },
              });
              setRemove('');
              setAdd('');
              setReason('');
            }}
            data-testid="adv-fix"
          >
            {t('adv.correct')}
          </button>
        </div>
      )}
    </div>
  );
}
