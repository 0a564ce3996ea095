import { useState } from 'react';
import type { ImportIssue, Question } from '@leitai/shared';
import { useLocale, useT } from '../../core/i18n/i18n.ts';
import { takeHostPageLink, type HostPageLink } from '../../core/host-page-link.ts';
import { LocaleToggle } from '../../ui/locale-toggle.tsx';
import {
  ImportRequestError,
  confirmImport,
  downloadExport,
  previewImport,
  type ConfirmBody,
  type ImportKind,
  type PreviewBody,
} from './authoring-api.ts';
import { ContestEditor } from './editor/contest-editor.tsx';

type Tab = 'contest' | ImportKind;

/** Remember the contest this tab now edits (after a save or an import the draft is a new contest). */
function rememberLink(link: HostPageLink): void {
  try {
    sessionStorage.setItem('leitai.authoring.link', JSON.stringify(link));
  } catch {
    // Private mode: the page still works until it is reloaded.
  }
}

const tokenOf = (url: string | undefined): string | null =>
  url ? new URLSearchParams(url.split('#')[1] ?? '').get('token') : null;

/** Rows shown in the preview table; the counts above it cover every row. */
const PREVIEW_ROWS = 300;

type Step =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'preview'; file: File; body: PreviewBody }
  | { kind: 'refused'; message: string; issues: ImportIssue[] }
  | { kind: 'done'; body: ConfirmBody };

/**
 * Import a question bank or a roster from Excel/WPS (zh-CN first): download the template, upload,
 * check the preview with every error by row and column, confirm. Opened from the host panel with
 * the host's token in the fragment.
 */
export function AuthoringPage() {
  const t = useT();
  const [link, setLink] = useState(() => takeHostPageLink('authoring'));
  const [tab, setTab] = useState<Tab>('contest');
  const [notice, setNotice] = useState<string | null>(null);
  if (!link)
    return (
      <div className="au au-no-link" data-testid="au-no-link">
        <h1>{t('ed.heading')}</h1>
        <p className="au-state">{t('au.noLink')}</p>
        <LocaleToggle />
      </div>
    );
  const replaced = (contestId: string, hostUrlOrToken: string | null) => {
    if (!hostUrlOrToken) return;
    const next = { contestId, token: hostUrlOrToken };
    rememberLink(next);
    setNotice(t('ed.replaced', { id: contestId }));
    setLink(next);
  };
  return (
    <div className="au" data-testid="authoring">
      <header className="au-head">
        <h1>{t('ed.heading')}</h1>
        <nav className="au-tabs">
          {(['contest', 'questions', 'roster'] as const).map((k) => (
            <button
              key={k}
              type="button"
              className={k === tab ? 'active' : ''}
              aria-pressed={k === tab}
              disabled={k !== 'contest' && link.contestId === 'new'}
              onClick={() => setTab(k)}
              data-testid={`au-tab-${k}`}
            >
              {t(k === 'contest' ? 'ed.tab' : `au.tab.${k}`)}
            </button>
          ))}
        </nav>
        {link.contestId !== 'new' && (
          <nav className="au-links">
            <a
              href={`/cards.html#${new URLSearchParams({ token: link.token, contest: link.contestId }).toString()}`}
              data-testid="au-cards"
              target="_blank"
              rel="noreferrer"
            >
              {t('ed.cards')}
            </a>
            <a
              href={`/host.html#token=${encodeURIComponent(link.token)}`}
              data-testid="au-host"
              target="_blank"
              rel="noreferrer"
            >
              {t('ed.host')}
            </a>
          </nav>
        )}
        <LocaleToggle />
      </header>
      {notice && (
        <p className="au-good ed-notice" data-testid="au-notice">
          {notice}
        </p>
      )}
      {tab === 'contest' ? (
        <ContestEditor
          key={`${link.contestId}:${link.token}`}
          link={link}
          onSaved={(saved) => replaced(saved.contestId, saved.hostToken)}
        />
      ) : (
        <ImportPanel
          key={tab}
          kind={tab}
          link={link}
          onReplaced={(body) => replaced(body.contestId, tokenOf(body.seats.find((s) => s.role === 'host')?.url))}
        />
      )}
    </div>
  );
}

function ImportPanel({
  kind,
  link,
  onReplaced,
}: {
  kind: ImportKind;
  link: HostPageLink;
  onReplaced: (body: ConfirmBody) => void;
}) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const text = (e: unknown) =>
    e instanceof ImportRequestError ? (locale === 'en' ? e.message : e.zh) : e instanceof Error ? e.message : String(e);

  const choose = (file: File | undefined) => {
    if (!file) return;
    setStep({ kind: 'busy' });
    previewImport(link.contestId, kind, link.token, file).then(
      (body) => setStep({ kind: 'preview', file, body }),
      (e: unknown) =>
        setStep({ kind: 'refused', message: text(e), issues: e instanceof ImportRequestError ? e.issues : [] }),
    );
  };
  const confirm = (file: File) => {
    setStep({ kind: 'busy' });
    confirmImport(link.contestId, kind, link.token, file).then(
      (body) => {
        setStep({ kind: 'done', body });
        onReplaced(body);
      },
      (e: unknown) =>
        setStep({ kind: 'refused', message: text(e), issues: e instanceof ImportRequestError ? e.issues : [] }),
    );
  };

  return (
    <section className="au-panel">
      <ol className="au-steps">
        <li>
          <span>{t(`au.step.template.${kind}`)}</span>
          <a className="au-button" href={`/api/authoring/templates/${kind}.xlsx`} download data-testid="au-template">
            {t('au.template')}
          </a>
          <button
            type="button"
            className="au-button au-quiet"
            onClick={() =>
              void downloadExport(link.contestId, kind, link.token, `${link.contestId}-${kind}.xlsx`).catch(
                () => undefined,
              )
            }
          >
            {t('au.export')}
          </button>
        </li>
        <li>
          <span>{t('au.step.upload')}</span>
          <label className="au-button au-file">
            {t('au.choose')}
            <input
              type="file"
              accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
              data-testid="au-file"
              onChange={(e) => {
                choose(e.currentTarget.files?.[0]);
                e.currentTarget.value = '';
              }}
            />
          </label>
        </li>
        <li>
          <span>{t('au.step.confirm')}</span>
        </li>
      </ol>
      <p className="au-note">{t('au.rules')}</p>

      {step.kind === 'busy' && <p className="au-state">{t('au.busy')}</p>}
      {step.kind === 'refused' && (
        <div className="au-result">
          <p className="au-error" role="alert" data-testid="au-refused">
            {step.message}
          </p>
          <IssueTable issues={step.issues} />
        </div>
      )}
      {step.kind === 'done' && <Done body={step.body} />}
      {step.kind === 'preview' && (
        <Preview kind={kind} body={step.body} fileName={step.file.name} onConfirm={() => confirm(step.file)} />
      )}
    </section>
  );
}

function Preview({
  kind,
  body,
  fileName,
  onConfirm,
}: {
  kind: ImportKind;
  body: PreviewBody;
  fileName: string;
  onConfirm: () => void;
}) {
  const t = useT();
  const errors = body.issues.filter((i) => i.severity === 'error').length;
  const warnings = body.issues.length - errors;
  const counts =
    kind === 'questions'
      ? t('au.count.questions', { n: body.items?.length ?? 0 })
      : t('au.count.roster', { c: body.contestants?.length ?? '—', j: body.judges?.length ?? '—' });
  return (
    <div className="au-result" data-testid="au-preview">
      <p className="au-summary">
        <strong>{fileName}</strong>
        {body.encoding && body.format === 'csv' ? ` (CSV, ${body.encoding})` : ''} · {counts} ·{' '}
        <span className={errors ? 'au-bad' : 'au-good'} data-testid="au-error-count">
          {t('au.errors', { n: errors })}
        </span>
        {warnings > 0 && <span className="au-warn"> · {t('au.warnings', { n: warnings })}</span>}
      </p>
      {body.started && <p className="au-error">{t('au.started')}</p>}
      <IssueTable issues={body.issues} />
      <div className="au-confirm">
        <button
          type="button"
          className="au-button au-primary"
          disabled={!body.ok || body.started !== null}
          onClick={onConfirm}
          data-testid="au-confirm"
        >
          {t('au.confirm')}
        </button>
        <span className="au-note">{body.ok ? t('au.confirmNote') : t('au.blocked')}</span>
      </div>
      {kind === 'questions' ? <QuestionTable items={body.items ?? []} /> : <RosterTables body={body} />}
    </div>
  );
}

function IssueTable({ issues }: { issues: ImportIssue[] }) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  if (issues.length === 0) return null;
  const sorted = [...issues].sort((a, b) =>
    a.severity === b.severity ? (a.row ?? 0) - (b.row ?? 0) : a.severity === 'error' ? -1 : 1,
  );
  return (
    <table className="au-table au-issues" data-testid="au-issues">
      <thead>
        <tr>
          <th>{t('au.col.row')}</th>
          <th>{t('au.col.column')}</th>
          <th>{t('au.col.problem')}</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((i, k) => (
          <tr key={k} className={i.severity === 'error' ? 'au-row-error' : 'au-row-warning'}>
            <td>{[i.sheet, i.row].filter((x) => x !== undefined).join(' · ')}</td>
            <td>{i.column ?? ''}</td>
            <td>{locale === 'en' ? i.message.en : i.message.zh}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const KIND_KEY = {
  single: 'au.kind.single',
  multiple: 'au.kind.multiple',
  truefalse: 'au.kind.truefalse',
  open: 'au.kind.open',
} as const;

const DIFFICULTY_KEY = ['au.diff.1', 'au.diff.2', 'au.diff.3', 'au.diff.4', 'au.diff.5'] as const;

function answerText(q: Question, t: ReturnType<typeof useT>): string {
  if (q.kind === 'truefalse') return q.answer[0] === 'true' ? t('au.true') : t('au.false');
  if (q.kind === 'open') return q.reference ?? '';
  return q.answer.join('');
}

function QuestionTable({ items }: { items: { row: number; question: Question }[] }) {
  const t = useT();
  if (items.length === 0) return null;
  return (
    <>
      <table className="au-table" data-testid="au-items">
        <thead>
          <tr>
            <th>{t('au.col.row')}</th>
            <th>{t('au.col.id')}</th>
            <th>{t('au.col.kind')}</th>
            <th>{t('au.col.text')}</th>
            <th>{t('au.col.options')}</th>
            <th>{t('au.col.answer')}</th>
            <th>{t('au.col.points')}</th>
            <th>{t('au.col.seconds')}</th>
            <th>{t('au.col.difficulty')}</th>
            <th>{t('au.col.category')}</th>
          </tr>
        </thead>
        <tbody>
          {items.slice(0, PREVIEW_ROWS).map(({ row, question: q }) => (
            <tr key={row}>
              <td>{row}</td>
              <td>{q.id}</td>
              <td>{t(KIND_KEY[q.kind])}</td>
              <td className="au-text">{q.text}</td>
              <td className="au-options">{q.options?.map((o) => `${o.key}. ${o.text}`).join('  ')}</td>
              <td className="au-text">{answerText(q, t)}</td>
              <td>{q.points ?? ''}</td>
              <td>{q.seconds ?? ''}</td>
              <td>{q.difficulty !== undefined ? t(DIFFICULTY_KEY[q.difficulty - 1] ?? 'au.diff.3') : ''}</td>
              <td>{[q.category, ...(q.tags ?? [])].filter(Boolean).join(' · ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {items.length > PREVIEW_ROWS && <p className="au-note">{t('au.more', { n: items.length - PREVIEW_ROWS })}</p>}
    </>
  );
}

function RosterTables({ body }: { body: PreviewBody }) {
  const t = useT();
  return (
    <>
      {body.contestants && (
        <table className="au-table" data-testid="au-contestants">
          <caption>{t('au.contestants')}</caption>
          <thead>
            <tr>
              <th>{t('au.col.row')}</th>
              <th>{t('au.col.id')}</th>
              <th>{t('au.col.name')}</th>
              <th>{t('au.col.organisation')}</th>
              <th>{t('au.col.group')}</th>
              <th>{t('au.col.seat')}</th>
              <th>{t('au.col.mentor')}</th>
              <th>{t('au.col.seed')}</th>
            </tr>
          </thead>
          <tbody>
            {body.contestants.slice(0, PREVIEW_ROWS).map(({ row, contestant: c, seed }) => (
              <tr key={row}>
                <td>{row}</td>
                <td>{c.id}</td>
                <td>{c.name}</td>
                <td>{c.organisation}</td>
                <td>{c.group ?? ''}</td>
                <td>{c.seat ?? ''}</td>
                <td>{c.mentor ?? ''}</td>
                <td>{seed ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {body.judges && (
        <table className="au-table" data-testid="au-judges">
          <caption>{t('au.judges')}</caption>
          <thead>
            <tr>
              <th>{t('au.col.row')}</th>
              <th>{t('au.col.id')}</th>
              <th>{t('au.col.name')}</th>
              <th>{t('au.col.title')}</th>
            </tr>
          </thead>
          <tbody>
            {body.judges.map(({ row, judge: j }) => (
              <tr key={row}>
                <td>{row}</td>
                <td>{j.id}</td>
                <td>{j.name}</td>
                <td>{j.title ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function Done({ body }: { body: ConfirmBody }) {
  const t = useT();
  const host = body.seats.find((s) => s.role === 'host')?.url;
  const dropped = [
    ...body.summary.droppedQuestionIds,
    ...body.summary.droppedContestantIds,
    ...body.summary.droppedJudgeIds,
  ];
  return (
    <div className="au-result au-done" data-testid="au-done">
      <p className="au-good">{t('au.done', { id: body.contestId })}</p>
      <p className="au-note">{t('au.doneNote')}</p>
      {dropped.length > 0 && <p className="au-note">{t('au.dropped', { ids: dropped.join('、') })}</p>}
      {host && (
        <a className="au-button au-primary" href={host} data-testid="au-new-host">
          {t('au.openHost')}
        </a>
      )}
    </div>
  );
}
