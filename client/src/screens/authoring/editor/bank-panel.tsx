/**
 * The bank in the editor: a searchable, windowed list (only the visible rows are in the page, so
 * 10,000 questions scroll and filter at once), and for the chosen segment: tick questions by
 * hand, draw them per tag/difficulty with a seed (recorded on the segment), and pick reserves.
 */
import { useMemo, useState } from 'react';
import { applyQuestionDraw, type ContestFile, type Question, type QuestionDrawRule } from '@leitai/shared';
import { useT } from '../../../core/i18n/i18n.ts';
import { edited } from './draft.ts';

const ROW = 44;
const VIEW_ROWS = 12;

type Props = {
  draft: ContestFile;
  onChange: (next: ContestFile) => void;
  segmentId: string | null;
  onSegment: (id: string | null) => void;
};

const KIND_KEY = {
  single: 'au.kind.single',
  multiple: 'au.kind.multiple',
  truefalse: 'au.kind.truefalse',
  open: 'au.kind.open',
} as const;

/** Text a search matches: id, text, options, tags, category. */
const haystack = (q: Question) =>
  [q.id, q.text, ...(q.options ?? []).map((o) => o.text), ...(q.tags ?? []), q.category ?? '']
    .join('\u0001')
    .toLowerCase();

/** The questions matching a search and filters (exported for the bench). */
export function filterBank(
  bank: readonly Question[],
  index: readonly string[],
  f: { text: string; tag: string; difficulty: string },
): Question[] {
  const needle = f.text.trim().toLowerCase();
  const out: Question[] = [];
  for (let i = 0; i < bank.length; i++) {
    const q = bank[i] as Question;
    if (f.tag !== '' && !(q.tags ?? []).includes(f.tag) && q.category !== f.tag) continue;
    if (f.difficulty !== '' && String(q.difficulty ?? '') !== f.difficulty) continue;
    if (needle !== '' && !(index[i] as string).includes(needle)) continue;
    out.push(q);
  }
  return out;
}

export function BankPanel({ draft, onChange, segmentId, onSegment }: Props) {
  const t = useT();
  const bank = draft.questions;
  const index = useMemo(() => bank.map(haystack), [bank]);
  const tags = useMemo(
    () => [...new Set(bank.flatMap((q) => [...(q.tags ?? []), ...(q.category ? [q.category] : [])]))].sort(),
    [bank],
  );
  const [filter, setFilter] = useState({ text: '', tag: '', difficulty: '' });
  const [top, setTop] = useState(0);
  const shown = useMemo(() => filterBank(bank, index, filter), [bank, index, filter]);

  const targets = draft.stages.flatMap((st) =>
    st.segments.filter((g) => g.kind !== 'judged').map((g) => ({ stage: st, segment: g })),
  );
  const target = targets.find((x) => x.segment.id === segmentId)?.segment;
  const asked = new Set(target ? target.questionIds : []);
  const knowledge = target?.kind === 'required' || target?.kind === 'buzzer';
  const reserves = new Set(knowledge ? (target.reserveQuestionIds ?? []) : []);
  // Where else each question is asked, to avoid asking one twice by mistake.
  const elsewhere = new Map<string, string>();
  for (const { stage, segment } of targets)
    if (segment.id !== segmentId) {
      const where = `${stage.name} · ${segment.name}`;
      for (const id of segment.questionIds) elsewhere.set(id, where);
      if (segment.kind !== 'written') for (const id of segment.reserveQuestionIds ?? []) elsewhere.set(id, where);
    }

  const editTarget = (
    edit: (seg: { questionIds: string[]; reserveQuestionIds?: string[]; questionDraw?: unknown }) => void,
  ) =>
    onChange(
      edited(draft, (d) => {
        for (const st of d.stages)
          for (const seg of st.segments) if (seg.id === segmentId && seg.kind !== 'judged') edit(seg);
      }),
    );
  const toggleAsked = (id: string) =>
    editTarget((seg) => {
      // Picking by hand ends the recorded draw: the list is no longer what the draw gave.
      delete seg.questionDraw;
      seg.questionIds = asked.has(id) ? seg.questionIds.filter((x) => x !== id) : [...seg.questionIds, id];
      if (seg.reserveQuestionIds) seg.reserveQuestionIds = seg.reserveQuestionIds.filter((x) => x !== id);
    });
  const toggleReserve = (id: string) =>
    editTarget((seg) => {
      const list = seg.reserveQuestionIds ?? [];
      const next = reserves.has(id) ? list.filter((x) => x !== id) : [...list, id];
      if (next.length > 0) seg.reserveQuestionIds = next;
      else delete seg.reserveQuestionIds;
      if (!reserves.has(id) && seg.questionIds.includes(id)) {
        seg.questionIds = seg.questionIds.filter((x) => x !== id);
        delete seg.questionDraw;
      }
    });

  const first = Math.max(0, Math.floor(top / ROW) - 4);
  const visible = shown.slice(first, first + VIEW_ROWS + 8);

  return (
    <section className="ed-section" id="ed-bank" data-testid="ed-bank">
      <h2>
        {t('ed.bank')} <small>{t('ed.count', { n: bank.length })}</small>
      </h2>
      {bank.length === 0 && <p className="au-note">{t('ed.bankEmpty')}</p>}
      <div className="ed-row">
        <label className="ed-field is-wide">
          <span className="ed-label">{t('ed.target')}</span>
          <select
            value={segmentId ?? ''}
            data-testid="ed-bank-target"
            onChange={(e) => onSegment(e.currentTarget.value || null)}
          >
            <option value="">{t('ed.noTarget')}</option>
            {targets.map(({ stage, segment }) => (
              <option key={segment.id} value={segment.id}>
                {stage.name} · {segment.name}（{t(`ed.kind.${segment.kind}`)}）
              </option>
            ))}
          </select>
        </label>
        {target && (
          <p className="ed-target-count" data-testid="ed-target-count">
            {t('ed.questionsN', { n: target.questionIds.length })}
            {knowledge && ` · ${t('ed.reservesN', { n: reserves.size })}`}
            <button
              type="button"
              className="au-button au-quiet"
              onClick={() =>
                editTarget((seg) => {
                  seg.questionIds = [];
                  delete seg.questionDraw;
                })
              }
            >
              {t('ed.clearQuestions')}
            </button>
          </p>
        )}
      </div>
      {target && knowledge && (
        <DrawBox
          key={target.id}
          tags={tags}
          initial={target.questionDraw}
          onDraw={(rules, seed) => onChange(applyQuestionDraw(draft, target.id, rules, seed).file)}
        />
      )}
      <div className="ed-row ed-bank-filter">
        <input
          type="search"
          placeholder={t('ed.search')}
          value={filter.text}
          data-testid="ed-bank-search"
          onInput={(e) => {
            setFilter({ ...filter, text: e.currentTarget.value });
            setTop(0);
          }}
        />
        <select value={filter.tag} onChange={(e) => setFilter({ ...filter, tag: e.currentTarget.value })}>
          <option value="">{t('ed.anyTag')}</option>
          {tags.map((x) => (
            <option key={x} value={x}>
              {x}
            </option>
          ))}
        </select>
        <select value={filter.difficulty} onChange={(e) => setFilter({ ...filter, difficulty: e.currentTarget.value })}>
          <option value="">{t('ed.anyDifficulty')}</option>
          {[1, 2, 3, 4, 5].map((d) => (
            <option key={d} value={String(d)}>
              {t(`au.diff.${d}` as 'au.diff.1')}
            </option>
          ))}
        </select>
        <span className="au-note" data-testid="ed-bank-shown">
          {t('ed.shown', { n: shown.length })}
        </span>
      </div>
      <div
        className="ed-bank-list"
        style={{ height: ROW * VIEW_ROWS }}
        onScroll={(e) => setTop(e.currentTarget.scrollTop)}
        data-testid="ed-bank-list"
      >
        <div style={{ height: shown.length * ROW, position: 'relative' }}>
          {visible.map((q, k) => {
            const i = first + k;
            const other = elsewhere.get(q.id);
            return (
              <div
                key={q.id}
                className={`ed-bank-row ${asked.has(q.id) ? 'is-asked' : ''} ${reserves.has(q.id) ? 'is-reserve' : ''}`}
                style={{ top: i * ROW, height: ROW }}
                data-testid="ed-bank-row"
              >
                <label className="ed-bank-pick">
                  <input
                    type="checkbox"
                    disabled={!target}
                    checked={asked.has(q.id)}
                    onChange={() => toggleAsked(q.id)}
                    aria-label={t('ed.ask')}
                  />
                </label>
                <span className="ed-bank-id">{q.id}</span>
                <span className="ed-bank-kind">{t(KIND_KEY[q.kind])}</span>
                <span className="ed-bank-text" title={q.text}>
                  {q.text}
                </span>
                <span className="ed-bank-tags">
                  {[...(q.tags ?? []), q.difficulty ? t(`au.diff.${q.difficulty}` as 'au.diff.1') : '']
                    .filter(Boolean)
                    .join(' · ')}
                </span>
                {other && <span className="ed-bank-elsewhere">{t('ed.usedIn', { name: other })}</span>}
                {knowledge && (
                  <button
                    type="button"
                    className={`ed-reserve ${reserves.has(q.id) ? 'is-on' : ''}`}
                    onClick={() => toggleReserve(q.id)}
                  >
                    {t('ed.reserve')}
                  </button>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}

function DrawBox({
  tags,
  initial,
  onDraw,
}: {
  tags: string[];
  initial: { seed: string; rules: QuestionDrawRule[] } | undefined;
  onDraw: (rules: QuestionDrawRule[], seed: string) => void;
}) {
  const t = useT();
  const [rules, setRules] = useState<QuestionDrawRule[]>(initial?.rules ?? [{ count: 10 }]);
  const [seed, setSeed] = useState(initial?.seed ?? String(new Date().getFullYear()));
  const setRule = (k: number, r: QuestionDrawRule) => setRules(rules.map((x, i) => (i === k ? r : x)));
  return (
    <div className="ed-card ed-draw" data-testid="ed-draw">
      <span className="ed-label">
        {t('ed.draw')} <small>{t('ed.drawNote')}</small>
      </span>
      {rules.map((r, k) => (
        <div className="ed-row" key={k}>
          <select
            value={r.tag ?? ''}
            data-testid={`ed-draw-tag-${k}`}
            onChange={(e) => {
              const { tag: _old, ...rest } = r;
              const v = e.currentTarget.value;
              setRule(k, v === '' ? rest : { ...rest, tag: v });
            }}
          >
            <option value="">{t('ed.anyTag')}</option>
            {tags.map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
          <select
            value={r.difficulty ?? ''}
            onChange={(e) => {
              const { difficulty: _old, ...rest } = r;
              const v = e.currentTarget.value;
              setRule(k, v === '' ? rest : { ...rest, difficulty: Number(v) });
            }}
          >
            <option value="">{t('ed.anyDifficulty')}</option>
            {[1, 2, 3, 4, 5].map((d) => (
              <option key={d} value={String(d)}>
                {t(`au.diff.${d}` as 'au.diff.1')}
              </option>
            ))}
          </select>
          <input
            type="number"
            min="1"
            step="1"
            value={r.count}
            data-testid={`ed-draw-count-${k}`}
            onInput={(e) => setRule(k, { ...r, count: Math.max(1, Number(e.currentTarget.value) || 1) })}
          />
          <span>{t('ed.drawCountUnit')}</span>
          {rules.length > 1 && (
            <button type="button" className="ed-remove" onClick={() => setRules(rules.filter((_, i) => i !== k))}>
              ×
            </button>
          )}
        </div>
      ))}
      <div className="ed-row">
        <button type="button" className="au-button au-quiet" onClick={() => setRules([...rules, { count: 5 }])}>
          + {t('ed.addRule')}
        </button>
        <label className="ed-inline">
          {t('ed.seed')}
          <input type="text" value={seed} data-testid="ed-draw-seed" onInput={(e) => setSeed(e.currentTarget.value)} />
        </label>
        <button
          type="button"
          className="au-button au-primary"
          data-testid="ed-draw-go"
          disabled={seed.trim() === ''}
          onClick={() => onDraw(rules, seed.trim())}
        >
          {t('ed.drawGo')}
        </button>
      </div>
    </div>
  );
}
