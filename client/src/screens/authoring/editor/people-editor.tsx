/** The contestants and judges tables of the editor. */
import { useRef, useState } from 'react';
import { ContestantSchema, type ContestFile } from '@leitai/shared';
import { useT } from '../../../core/i18n/i18n.ts';
import { edited, freshId, type DraftCheck } from './draft.ts';
import { NumberInput, ProblemList, ProblemRow, RemoveButton, TextInput } from './fields.tsx';

type Props = { draft: ContestFile; check: DraftCheck; onChange: (next: ContestFile) => void };

const rowProblems = (check: DraftCheck, path: string) =>
  check.problems.filter((p) => p.path === path || p.path.startsWith(`${path}.`));

export function ContestantsEditor({ draft, check, onChange }: Props) {
  const t = useT();
  const set = (i: number, key: 'id' | 'name' | 'organisation' | 'group' | 'mentor' | 'photo', v: string) =>
    onChange(
      edited(draft, (d) => {
        const c = d.contestants[i];
        if (!c) return;
        if ((key === 'group' || key === 'mentor' || key === 'photo') && v === '') delete c[key];
        else c[key] = v;
      }),
    );
  return (
    <section className="ed-section" id="ed-contestants" data-testid="ed-contestants">
      <h2>
        {t('ed.contestants')} <small>{t('ed.count', { n: draft.contestants.length })}</small>
      </h2>
      <ProblemList problems={check.byPath.get('contestants') ?? []} />
      <table className="ed-table">
        <thead>
          <tr>
            <th>{t('ed.id')}</th>
            <th>{t('ed.name')}</th>
            <th>{t('ed.organisation')}</th>
            <th>{t('ed.group')}</th>
            <th>{t('ed.seat')}</th>
            <th>{t('ed.mentor')}</th>
            <th>{t('ed.photo')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {draft.contestants.map((c, i) => {
            const problems = rowProblems(check, `contestants[${i}]`);
            return [
              <tr key={`r${i}`} className={problems.length ? 'has-problem' : ''}>
                <td className="ed-id">
                  <TextInput value={c.id} onChange={(v) => set(i, 'id', v)} />
                </td>
                <td>
                  <TextInput value={c.name} onChange={(v) => set(i, 'name', v)} testId={`ed-contestant-name-${i}`} />
                </td>
                <td>
                  <TextInput value={c.organisation} onChange={(v) => set(i, 'organisation', v)} />
                </td>
                <td>
                  <TextInput value={c.group} onChange={(v) => set(i, 'group', v)} />
                </td>
                <td className="ed-num">
                  <NumberInput
                    value={c.seat}
                    step="1"
                    onChange={(v) =>
                      onChange(
                        edited(draft, (d) => {
                          const x = d.contestants[i];
                          if (!x) return;
                          if (v === undefined) delete x.seat;
                          else x.seat = v;
                        }),
                      )
                    }
                  />
                </td>
                <td>
                  <TextInput value={c.mentor} onChange={(v) => set(i, 'mentor', v)} />
                </td>
                <td className="ed-photo-cell">
                  <PhotoInput
                    value={c.photo}
                    name={c.name}
                    onChange={(v) => set(i, 'photo', v)}
                    testId={`ed-contestant-photo-${i}`}
                  />
                </td>
                <td>
                  <RemoveButton
                    title={t('ed.remove')}
                    onClick={() => onChange(edited(draft, (d) => void d.contestants.splice(i, 1)))}
                  />
                </td>
              </tr>,
              <ProblemRow key={`p${i}`} problems={problems} colSpan={8} />,
            ];
          })}
        </tbody>
      </table>
      <button
        type="button"
        className="au-button"
        onClick={() =>
          onChange(
            edited(draft, (d) =>
              d.contestants.push({
                id: freshId(
                  'c',
                  d.contestants.map((c) => c.id),
                ),
                name: t('ed.newContestant'),
                organisation: t('ed.organisation'),
              }),
            ),
          )
        }
      >
        + {t('ed.addContestant')}
      </button>
    </section>
  );
}

export function JudgesEditor({ draft, check, onChange }: Props) {
  const t = useT();
  const set = (i: number, key: 'id' | 'name' | 'title', v: string) =>
    onChange(
      edited(draft, (d) => {
        const j = d.judges[i];
        if (!j) return;
        if (key === 'title' && v === '') delete j.title;
        else j[key] = v;
      }),
    );
  return (
    <section className="ed-section" id="ed-judges" data-testid="ed-judges">
      <h2>
        {t('ed.judges')} <small>{t('ed.count', { n: draft.judges.length })}</small>
      </h2>
      <table className="ed-table">
        <thead>
          <tr>
            <th>{t('ed.id')}</th>
            <th>{t('ed.name')}</th>
            <th>{t('ed.judgeTitle')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {draft.judges.map((j, i) => {
            const problems = rowProblems(check, `judges[${i}]`);
            return [
              <tr key={`r${i}`} className={problems.length ? 'has-problem' : ''}>
                <td className="ed-id">
                  <TextInput value={j.id} onChange={(v) => set(i, 'id', v)} />
                </td>
                <td>
                  <TextInput value={j.name} onChange={(v) => set(i, 'name', v)} />
                </td>
                <td>
                  <TextInput value={j.title} onChange={(v) => set(i, 'title', v)} />
                </td>
                <td>
                  <RemoveButton
                    title={t('ed.remove')}
                    onClick={() => onChange(edited(draft, (d) => void d.judges.splice(i, 1)))}
                  />
                </td>
              </tr>,
              <ProblemRow key={`p${i}`} problems={problems} colSpan={4} />,
            ];
          })}
        </tbody>
      </table>
      <button
        type="button"
        className="au-button"
        onClick={() =>
          onChange(
            edited(draft, (d) =>
              d.judges.push({
                id: freshId(
                  'j',
                  d.judges.map((j) => j.id),
                ),
                name: t('ed.newJudge'),
              }),
            ),
          )
        }
      >
        + {t('ed.addJudge')}
      </button>
    </section>
  );
}

/** The longest photo value the contest file takes (an image URL or a data: URI). */
const PHOTO_MAX = (ContestantSchema.properties.photo as { maxLength?: number }).maxLength ?? 2000;

/**
 * A contestant's photo: an image URL typed in, or a small image file turned into a data: URI when
 * it fits the contest file's length; otherwise a clear error beside the field and nothing changes.
 */
function PhotoInput({
  value,
  name,
  onChange,
  testId,
}: {
  value: string | undefined;
  name: string;
  onChange: (v: string) => void;
  testId: string;
}) {
  const t = useT();
  const file = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const choose = (f: File | undefined) => {
    if (!f) return;
    if (!f.type.startsWith('image/')) {
      setError(t('ed.photoNotImage'));
      return;
    }
    // "data:" + type + ";base64," + 4 characters per 3 bytes: a file this big cannot fit, refused unread.
    if (f.size > PHOTO_MAX) {
      setError(t('ed.photoTooBig', { n: 5 + f.type.length + 8 + 4 * Math.ceil(f.size / 3), max: PHOTO_MAX }));
      return;
    }
    const reader = new FileReader();
    reader.onload = () => {
      const uri = typeof reader.result === 'string' ? reader.result : '';
      if (uri.length > PHOTO_MAX) setError(t('ed.photoTooBig', { n: uri.length, max: PHOTO_MAX }));
      else {
        setError(null);
        onChange(uri);
      }
    };
    reader.onerror = () => setError(t('ed.photoNotImage'));
    reader.readAsDataURL(f);
  };
  return (
    <div className="ed-photo">
      <span className="ed-photo-thumb" aria-hidden="true">
        {value ? <img src={value} alt="" data-testid={`${testId}-thumb`} /> : null}
      </span>
      <input
        type="text"
        value={value ?? ''}
        placeholder="URL / data:"
        aria-label={t('ed.photoUrl')}
        data-testid={testId}
        onInput={(e) => {
          setError(null);
          onChange(e.currentTarget.value);
        }}
      />
      <button
        type="button"
        className="au-button au-quiet ed-photo-choose"
        aria-label={t('ed.photoChoose', { name })}
        onClick={() => file.current?.click()}
      >
        {t('ed.photoFile')}
      </button>
      <input
        ref={file}
        type="file"
        accept="image/*"
        hidden
        data-testid={`${testId}-file`}
        onChange={(e) => {
          choose(e.currentTarget.files?.[0]);
          e.currentTarget.value = '';
        }}
      />
      {error && (
        <p className="ed-problems ed-photo-error" role="alert" data-testid={`${testId}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
