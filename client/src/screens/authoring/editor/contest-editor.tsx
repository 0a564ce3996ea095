/**
 * The organiser's editor: everything the contest file holds, as forms (zh-CN first), checked as
 * one types by the contest file's own validator with each problem beside its field, a preview
 * of the stage screen, and Save (a draft is replaced; a new contest is created). The contest
 * file itself can still be downloaded or loaded.
 */
import { useEffect, useMemo, useState } from 'react';
import { problemLine, validateContestFile, type ContestFile } from '@leitai/shared';
import { useLocale, useT } from '../../../core/i18n/i18n.ts';
import type { HostPageLink } from '../../../core/host-page-link.ts';
import { checkDraft, edited, type DraftCheck } from './draft.ts';
import { loadDraft, saveDraft, SaveError, type SavedContest } from './editor-api.ts';
import { Field, NumberInput, ProblemList, TextInput } from './fields.tsx';
import { ContestantsEditor, JudgesEditor } from './people-editor.tsx';
import { StagesEditor } from './stage-editor.tsx';
import { BankPanel } from './bank-panel.tsx';
import { StagePreview } from './stage-preview.tsx';
import { starterDraft } from './draft.ts';

/** How long typing must pause before the draft is checked again. */
const CHECK_DELAY_MS = 150;

/** `contest=new` in the page link: no contest yet; Save creates one (admin token). */
export const NEW_CONTEST = 'new';

type Load = { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'ready'; started: string | null };

type SaveState =
  { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; saved: SavedContest } | { kind: 'refused'; message: string };

export function ContestEditor({ link, onSaved }: { link: HostPageLink; onSaved: (saved: SavedContest) => void }) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const creating = link.contestId === NEW_CONTEST;
  const [load, setLoad] = useState<Load>(creating ? { kind: 'ready', started: null } : { kind: 'loading' });
  const [draft, setDraft] = useState<ContestFile>(starterDraft);
  // What the check last ran on (see below).
  const [deferred, setDeferred] = useState(draft);
  const [dirty, setDirty] = useState(false);
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  const [segmentId, setSegmentId] = useState<string | null>(null);

  useEffect(() => {
    if (creating) return;
    let live = true;
    loadDraft(link.contestId, link.token).then(
      (r) => {
        if (!live) return;
        setDraft(r.contest);
        setDeferred(r.contest);
        setDirty(false);
        setLoad({ kind: 'ready', started: r.started });
      },
      (e: unknown) => {
        if (live)
          setLoad({
            kind: 'failed',
            message: e instanceof SaveError ? (locale === 'en' ? e.message : e.zh) : String(e),
          });
      },
    );
    return () => {
      live = false;
    };
    // The locale only words the failure; reloading on a language switch would drop edits.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [creating, link.contestId, link.token]);

  // The whole file is checked a beat after typing pauses (CHECK_DELAY_MS), so a keystroke never
  // waits for the check of a 10,000-question file; Save waits for the check of what is shown.
  useEffect(() => {
    if (deferred === draft) return;
    const timer = setTimeout(() => setDeferred(draft), CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft, deferred]);
  const check = useMemo(() => checkDraft(deferred), [deferred]);
  // The preview keeps showing the last draft without problems while one is being fixed.
  const [previewFile, setPreviewFile] = useState<ContestFile | null>(null);
  if (check.ok && previewFile !== deferred) setPreviewFile(deferred);

  const change = (next: ContestFile) => {
    setDraft(next);
    setDirty(true);
    if (save.kind !== 'saving') setSave({ kind: 'idle' });
  };

  if (load.kind === 'loading') return <p className="au-state">{t('ed.loading')}</p>;
  if (load.kind === 'failed') return <p className="au-error">{load.message}</p>;

  const doSave = () => {
    setSave({ kind: 'saving' });
    saveDraft(creating ? null : link.contestId, link.token, draft).then(
      (saved) => {
        setSave({ kind: 'saved', saved });
        setDirty(false);
        onSaved(saved);
      },
      (e: unknown) =>
        setSave({
          kind: 'refused',
          message:
            e instanceof SaveError
              ? e.problems.length > 0
                ? e.problems.map((p) => problemLine(p, locale)).join('；')
                : locale === 'en'
                  ? e.message
                  : e.zh
              : String(e),
        }),
    );
  };

  const downloadFile = () => {
    const url = URL.createObjectURL(new Blob([JSON.stringify(draft, null, 2)], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${draft.title}.contest.json`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };
  const loadFile = (file: File | undefined) => {
    if (!file) return;
    void file.text().then((text) => {
      try {
        const parsed = JSON.parse(text) as unknown;
        const v = validateContestFile(parsed);
        if (!v.ok && (typeof parsed !== 'object' || parsed === null || !('stages' in parsed))) {
          setSave({ kind: 'refused', message: t('ed.notContestFile') });
          return;
        }
        change(parsed as ContestFile);
      } catch {
        setSave({ kind: 'refused', message: t('ed.notContestFile') });
      }
    });
  };

  const started = load.started !== null;
  return (
    <div className="ed" data-testid="editor">
      <div className="ed-bar" data-testid="ed-bar" data-checking={deferred !== draft ? 'true' : 'false'}>
        <span className={check.ok ? 'au-good' : 'au-bad'} data-testid="ed-status">
          {check.ok ? t('ed.valid') : t('ed.problems', { n: check.problems.length })}
        </span>
        {dirty && <span className="au-note">{t('ed.unsaved')}</span>}
        {save.kind === 'saved' && (
          <span className="au-good" data-testid="ed-saved">
            {t('ed.saved', { id: save.saved.contestId })}
          </span>
        )}
        <span className="ed-bar-space" />
        <button type="button" className="au-button au-quiet" onClick={downloadFile} data-testid="ed-download">
          {t('ed.downloadFile')}
        </button>
        <label className="au-button au-quiet au-file">
          {t('ed.loadFile')}
          <input type="file" accept=".json,application/json" onChange={(e) => loadFile(e.currentTarget.files?.[0])} />
        </label>
        <button
          type="button"
          className="au-button au-primary"
          disabled={!check.ok || started || save.kind === 'saving' || deferred !== draft}
          onClick={doSave}
          data-testid="ed-save"
        >
          {creating ? t('ed.create') : t('ed.save')}
        </button>
      </div>
      {started && <p className="au-error">{t('ed.started')}</p>}
      {save.kind === 'refused' && (
        <p className="au-error" role="alert" data-testid="ed-refused">
          {save.message}
        </p>
      )}
      <nav className="ed-nav">
        <a href="#ed-general">{t('ed.general')}</a>
        <a href="#ed-contestants">{t('ed.contestants')}</a>
        <a href="#ed-judges">{t('ed.judges')}</a>
        {draft.stages.map((s, i) => (
          <a key={i} href={`#ed-stage-${i}`}>
            {s.name}
          </a>
        ))}
        <a href="#ed-awards">{t('ed.awards')}</a>
        <a href="#ed-bank">{t('ed.bank')}</a>
      </nav>
      <ProblemSummary check={check} />
      <div className="ed-top">
        <GeneralEditor draft={draft} check={check} onChange={change} />
        {previewFile ? (
          <StagePreview file={previewFile} />
        ) : (
          <aside className="ed-preview au-note">{t('ed.noPreview')}</aside>
        )}
      </div>
      <ContestantsEditor draft={draft} check={check} onChange={change} />
      <JudgesEditor draft={draft} check={check} onChange={change} />
      <StagesEditor
        draft={draft}
        check={check}
        onChange={change}
        onPickQuestions={(id) => {
          setSegmentId(id);
          document.getElementById('ed-bank')?.scrollIntoView();
        }}
      />
      <AwardsEditor draft={draft} check={check} onChange={change} />
      <BankPanel draft={draft} onChange={change} segmentId={segmentId} onSegment={setSegmentId} />
    </div>
  );
}

/** Every problem of the draft, in the organiser's words, each linking to its field. */
function ProblemSummary({ check }: { check: DraftCheck }) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  if (check.ok) return null;
  return (
    <details className="ed-summary" open data-testid="ed-summary">
      <summary>{t('ed.problems', { n: check.problems.length })}</summary>
      <ul>
        {check.problems.slice(0, 50).map((p, i) => (
          <li key={i}>
            <button
              type="button"
              className="ed-link"
              onClick={() => {
                const el = document.querySelector(
                  `[data-path="${CSS.escape(p.path)}"] input, [data-path="${CSS.escape(p.path)}"] select`,
                );
                if (el instanceof HTMLElement) el.focus();
              }}
            >
              {problemLine(p, locale)}
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}

type Props = { draft: ContestFile; check: DraftCheck; onChange: (next: ContestFile) => void };

function GeneralEditor({ draft, check, onChange }: Props) {
  const t = useT();
  const set = (key: 'title' | 'subtitle' | 'organiser', v: string) =>
    onChange(
      edited(draft, (d) => {
        if (key !== 'title' && v === '') delete d[key];
        else d[key] = v;
      }),
    );
  return (
    <section className="ed-section" id="ed-general" data-testid="ed-general">
      <h2>{t('ed.general')}</h2>
      <Field label={t('ed.title')} path="title" check={check} wide>
        <TextInput value={draft.title} onChange={(v) => set('title', v)} testId="ed-title" />
      </Field>
      <Field label={t('ed.subtitle')} path="subtitle" check={check} wide>
        <TextInput value={draft.subtitle} onChange={(v) => set('subtitle', v)} testId="ed-subtitle" />
      </Field>
      <Field label={t('ed.organiser')} path="organiser" check={check} wide>
        <TextInput value={draft.organiser} onChange={(v) => set('organiser', v)} testId="ed-organiser" />
      </Field>
      <div className="ed-row">
        <Field label={t('ed.locale')} path="locale" check={check}>
          <select
            value={draft.locale ?? 'zh-CN'}
            onChange={(e) => {
              const v = e.currentTarget.value as 'zh-CN' | 'en';
              onChange(edited(draft, (d) => (d.locale = v)));
            }}
          >
            <option value="zh-CN">中文</option>
            <option value="en">English</option>
          </select>
        </Field>
        <Field label={t('ed.comments')} path="audience.commentMode" check={check}>
          <select
            value={draft.audience?.commentMode ?? 'auto'}
            onChange={(e) => {
              const v = e.currentTarget.value as 'auto' | 'review' | 'closed';
              onChange(edited(draft, (d) => (d.audience = { ...d.audience, commentMode: v })));
            }}
          >
            <option value="auto">{t('ed.comments.auto')}</option>
            <option value="review">{t('ed.comments.review')}</option>
            <option value="closed">{t('ed.comments.closed')}</option>
          </select>
        </Field>
      </div>
    </section>
  );
}

function AwardsEditor({ draft, check, onChange }: Props) {
  const t = useT();
  const awards = draft.awards ?? { tiers: [] };
  const segments = draft.stages.flatMap((s) => s.segments.map((g) => ({ id: g.id, label: `${s.name} · ${g.name}` })));
  const change = (edit: (a: NonNullable<ContestFile['awards']>) => void) =>
    onChange(
      edited(draft, (d) => {
        d.awards ??= { tiers: [] };
        edit(d.awards);
        if (d.awards.tiers.length === 0 && !d.awards.singleItem?.length && !d.awards.popularity) delete d.awards;
        else if (d.awards.singleItem?.length === 0) delete d.awards.singleItem;
      }),
    );
  const nextId = (prefix: string) => {
    const used = new Set([...awards.tiers.map((x) => x.id), ...(awards.singleItem ?? []).map((x) => x.id)]);
    for (let n = 1; ; n++) if (!used.has(`${prefix}${n}`)) return `${prefix}${n}`;
  };
  return (
    <section className="ed-section" id="ed-awards" data-testid="ed-awards">
      <h2>{t('ed.awards')}</h2>
      <h3>
        {t('ed.tiers')} <small>{t('ed.tiersNote')}</small>
      </h3>
      {awards.tiers.map((tier, i) => (
        <div className="ed-row ed-card" key={i}>
          <Field label={t('ed.awardName')} path={`awards.tiers[${i}].name`} check={check}>
            <TextInput value={tier.name} onChange={(v) => change((a) => a.tiers[i] && (a.tiers[i].name = v))} />
          </Field>
          <Field label={t('ed.awardCount')} path={`awards.tiers[${i}].count`} check={check}>
            <NumberInput
              value={tier.count}
              step="1"
              placeholder={t('ed.everyoneElse')}
              onChange={(v) =>
                change((a) => {
                  const x = a.tiers[i];
                  if (!x) return;
                  if (v === undefined) delete x.count;
                  else x.count = v;
                })
              }
            />
          </Field>
          <button type="button" className="ed-remove" onClick={() => change((a) => void a.tiers.splice(i, 1))}>
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        className="au-button au-quiet"
        data-testid="ed-add-tier"
        onClick={() =>
          change((a) => a.tiers.push({ id: nextId('tier'), name: t('ed.tierN', { n: a.tiers.length + 1 }), count: 1 }))
        }
      >
        + {t('ed.addTier')}
      </button>
      <h3>{t('ed.singleItem')}</h3>
      {(awards.singleItem ?? []).map((award, i) => (
        <div className="ed-row ed-card" key={i}>
          <Field label={t('ed.awardName')} path={`awards.singleItem[${i}].name`} check={check}>
            <TextInput
              value={award.name}
              onChange={(v) => change((a) => a.singleItem?.[i] && (a.singleItem[i].name = v))}
            />
          </Field>
          <Field label={t('ed.awardSegment')} path={`awards.singleItem[${i}].segmentId`} check={check}>
            <select
              value={award.segmentId}
              onChange={(e) => {
                const v = e.currentTarget.value;
                change((a) => a.singleItem?.[i] && (a.singleItem[i].segmentId = v));
              }}
            >
              {segments.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('ed.awardCount')} path={`awards.singleItem[${i}].count`} check={check}>
            <NumberInput
              value={award.count}
              step="1"
              placeholder="1"
              onChange={(v) =>
                change((a) => {
                  const x = a.singleItem?.[i];
                  if (!x) return;
                  if (v === undefined) delete x.count;
                  else x.count = v;
                })
              }
            />
          </Field>
          <button type="button" className="ed-remove" onClick={() => change((a) => void a.singleItem?.splice(i, 1))}>
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        className="au-button au-quiet"
        disabled={segments.length === 0}
        onClick={() =>
          change((a) =>
            (a.singleItem ??= []).push({
              id: nextId('award'),
              name: t('ed.singleItemN'),
              segmentId: segments[0]?.id ?? '',
            }),
          )
        }
      >
        + {t('ed.addSingleItem')}
      </button>
      <h3>{t('ed.popularity')}</h3>
      <div className="ed-row ed-card">
        <label className="ed-check">
          <input
            type="checkbox"
            checked={awards.popularity !== undefined}
            onChange={(e) => {
              const on = e.currentTarget.checked;
              change((a) => {
                if (on) a.popularity = { name: t('ed.popularityName'), by: 'likes' };
                else delete a.popularity;
              });
            }}
          />
          {t('ed.popularityOn')}
        </label>
        {awards.popularity && (
          <>
            <Field label={t('ed.awardName')} path="awards.popularity.name" check={check}>
              <TextInput
                value={awards.popularity.name}
                onChange={(v) => change((a) => a.popularity && (a.popularity.name = v))}
              />
            </Field>
            <Field label={t('ed.popularityBy')} path="awards.popularity.by" check={check}>
              <select
                value={awards.popularity.by}
                onChange={(e) => {
                  const v = e.currentTarget.value as 'likes' | 'cheers';
                  change((a) => a.popularity && (a.popularity.by = v));
                }}
              >
                <option value="likes">{t('ed.by.likes')}</option>
                <option value="cheers">{t('ed.by.cheers')}</option>
              </select>
            </Field>
          </>
        )}
      </div>
      <ProblemList problems={check.byPath.get('awards') ?? []} />
    </section>
  );
}
