/** One stage of the contest in the editor: name, groups, scored parts, segments with their settings, advancement. */
import type { ReactNode } from 'react';
import type { ContestFile, Segment, SegmentKind, Stage, WrittenDraw } from '@leitai/shared';
import { useT } from '../../../core/i18n/i18n.ts';
import type { MessageKey } from '../../../core/i18n/zh-cn.ts';
import { allSegmentIds, edited, freshId, moveItem, problemsUnder, segmentOfKind, type DraftCheck } from './draft.ts';
import { Field, IdChecklist, MoveButtons, NumberInput, ProblemList, RemoveButton, TextInput } from './fields.tsx';

type Props = {
  draft: ContestFile;
  check: DraftCheck;
  onChange: (next: ContestFile) => void;
  /** Open the bank on this segment (assign, draw, reserves). */
  onPickQuestions: (segmentId: string) => void;
};

const KINDS: SegmentKind[] = ['required', 'buzzer', 'judged', 'written'];

type Settings = Record<string, unknown>;

export function StagesEditor(props: Props) {
  const t = useT();
  const { draft, onChange } = props;
  return (
    <>
      {draft.stages.map((stage, s) => (
        <StageEditor key={s} {...props} stage={stage} s={s} />
      ))}
      <button
        type="button"
        className="au-button ed-add-stage"
        data-testid="ed-add-stage"
        onClick={() =>
          onChange(
            edited(draft, (d) => {
              const n = d.stages.length + 1;
              const id = freshId(
                'stage',
                d.stages.map((x) => x.id),
              );
              const segId = freshId('seg', allSegmentIds(d));
              d.stages.push({
                id,
                name: t('ed.stageN', { n }),
                groups: [{ id: 'g1', name: t('ed.groupN', { n: 1 }), contestantIds: [] }],
                segments: [
                  {
                    id: segId,
                    name: t('ed.kind.required'),
                    kind: 'required',
                    fullMarks: 100,
                    weight: 100,
                    questionIds: [],
                  },
                ],
              });
            }),
          )
        }
      >
        + {t('ed.addStage')}
      </button>
    </>
  );
}

function StageEditor({ draft, check, onChange, onPickQuestions, stage, s }: Props & { stage: Stage; s: number }) {
  const t = useT();
  const at = `stages[${s}]`;
  const change = (edit: (st: Stage, d: ContestFile) => void) =>
    onChange(
      edited(draft, (d) => {
        const st = d.stages[s];
        if (st) edit(st, d);
      }),
    );
  const contestants = draft.contestants.map((c) => ({ id: c.id, label: c.name, note: c.organisation }));
  const inOtherGroup = (g: number) => new Set(stage.groups.flatMap((gr, k) => (k === g ? [] : gr.contestantIds)));
  return (
    <section className="ed-section ed-stage" id={`ed-stage-${s}`} data-testid={`ed-stage-${s}`}>
      <h2>
        {t('ed.stageNo', { n: s + 1 })}
        <span className="ed-stage-name">{stage.name}</span>
        <MoveButtons
          index={s}
          count={draft.stages.length}
          upLabel={t('ed.moveStageUp')}
          downLabel={t('ed.moveStageDown')}
          testIdOf={(i) => `ed-stage-move-${i}`}
          onMove={(from, to) => onChange(edited(draft, (d) => moveItem(d.stages, from, to)))}
        />
        {draft.stages.length > 1 && (
          <RemoveButton
            title={t('ed.removeStage')}
            onClick={() => onChange(edited(draft, (d) => void d.stages.splice(s, 1)))}
          />
        )}
      </h2>
      <ProblemList problems={check.byPath.get(at) ?? []} />
      <div className="ed-row">
        <Field label={t('ed.stageName')} path={`${at}.name`} check={check}>
          <TextInput value={stage.name} onChange={(v) => change((st) => (st.name = v))} testId={`ed-stage-name-${s}`} />
        </Field>
        <Field label={t('ed.id')} path={`${at}.id`} check={check}>
          <TextInput value={stage.id} onChange={(v) => change((st) => (st.id = v))} />
        </Field>
      </div>

      <h3>{t('ed.groups')}</h3>
      {stage.groups.map((group, g) => (
        <div className="ed-card" key={g} data-testid={`ed-group-${s}-${g}`}>
          <div className="ed-row">
            <Field label={t('ed.groupName')} path={`${at}.groups[${g}].name`} check={check}>
              <TextInput value={group.name} onChange={(v) => change((st) => st.groups[g] && (st.groups[g].name = v))} />
            </Field>
            <Field label={t('ed.id')} path={`${at}.groups[${g}].id`} check={check}>
              <TextInput value={group.id} onChange={(v) => change((st) => st.groups[g] && (st.groups[g].id = v))} />
            </Field>
            <div className="ed-actions">
              <button
                type="button"
                className="au-button au-quiet"
                onClick={() => {
                  const taken = inOtherGroup(g);
                  change((st) => {
                    const gr = st.groups[g];
                    if (gr) gr.contestantIds = draft.contestants.map((c) => c.id).filter((id) => !taken.has(id));
                  });
                }}
              >
                {t('ed.allRemaining')}
              </button>
              {stage.groups.length > 1 && (
                <RemoveButton title={t('ed.remove')} onClick={() => change((st) => void st.groups.splice(g, 1))} />
              )}
            </div>
          </div>
          <span className="ed-label">
            {t('ed.groupContestants')} <small>{t('ed.count', { n: group.contestantIds.length })}</small>
          </span>
          <IdChecklist
            items={contestants}
            chosen={group.contestantIds}
            onChange={(ids) => change((st) => st.groups[g] && (st.groups[g].contestantIds = ids))}
            testId={`ed-group-contestants-${s}-${g}`}
          />
          <ProblemList problems={problemsUnder(check, `${at}.groups[${g}].contestantIds`)} />
        </div>
      ))}
      <button
        type="button"
        className="au-button au-quiet"
        onClick={() =>
          change((st) =>
            st.groups.push({
              id: freshId(
                'g',
                st.groups.map((x) => x.id),
              ),
              name: t('ed.groupN', { n: st.groups.length + 1 }),
              contestantIds: [],
            }),
          )
        }
      >
        + {t('ed.addGroup')}
      </button>

      <h3>
        {t('ed.parts')} <small>{t('ed.partsNote')}</small>
      </h3>
      {(stage.parts ?? []).map((part, p) => (
        <div className="ed-row ed-card" key={p}>
          <Field label={t('ed.partName')} path={`${at}.parts[${p}].name`} check={check}>
            <TextInput value={part.name} onChange={(v) => change((st) => st.parts?.[p] && (st.parts[p].name = v))} />
          </Field>
          <Field label={t('ed.id')} path={`${at}.parts[${p}].id`} check={check}>
            <TextInput value={part.id} onChange={(v) => change((st) => st.parts?.[p] && (st.parts[p].id = v))} />
          </Field>
          <Field label={t('ed.basePoints')} path={`${at}.parts[${p}].basePoints`} check={check}>
            <NumberInput
              value={part.basePoints}
              onChange={(v) =>
                change((st) => {
                  const x = st.parts?.[p];
                  if (!x) return;
                  if (v === undefined) delete x.basePoints;
                  else x.basePoints = v;
                })
              }
            />
          </Field>
          <ProblemList problems={check.byPath.get(`${at}.parts[${p}]`) ?? []} />
          <RemoveButton
            onClick={() =>
              change((st) => {
                st.parts?.splice(p, 1);
                for (const seg of st.segments) if (seg.part === part.id) delete seg.part;
                if (st.parts?.length === 0) delete st.parts;
              })
            }
          />
        </div>
      ))}
      <button
        type="button"
        className="au-button au-quiet"
        onClick={() =>
          change((st) =>
            (st.parts ??= []).push({
              id: freshId('part', [...(st.parts ?? []).map((x) => x.id), ...st.segments.map((x) => x.id)]),
              name: t('ed.partN', { n: (st.parts?.length ?? 0) + 1 }),
            }),
          )
        }
      >
        + {t('ed.addPart')}
      </button>

      <h3>{t('ed.segments')}</h3>
      {stage.segments.map((segment, g) => (
        <SegmentEditor
          key={g}
          draft={draft}
          check={check}
          stage={stage}
          segment={segment}
          at={`${at}.segments[${g}]`}
          change={(edit) => change((st) => st.segments[g] && edit(st.segments[g], st, (seg) => (st.segments[g] = seg)))}
          remove={stage.segments.length > 1 ? () => change((st) => void st.segments.splice(g, 1)) : undefined}
          move={
            <MoveButtons
              index={g}
              count={stage.segments.length}
              upLabel={t('ed.moveSegmentUp')}
              downLabel={t('ed.moveSegmentDown')}
              testIdOf={(i) => `ed-segment-move-${s}-${i}`}
              onMove={(from, to) => change((st) => moveItem(st.segments, from, to))}
            />
          }
          onPickQuestions={onPickQuestions}
          testId={`ed-segment-${s}-${g}`}
        />
      ))}
      <button
        type="button"
        className="au-button au-quiet"
        data-testid={`ed-add-segment-${s}`}
        onClick={() =>
          onChange(
            edited(draft, (d) => {
              const st = d.stages[s];
              if (!st) return;
              st.segments.push({
                id: freshId('seg', allSegmentIds(d)),
                name: t('ed.kind.judged'),
                kind: 'judged',
                fullMarks: 100,
                weight: 0,
              });
            }),
          )
        }
      >
        + {t('ed.addSegment')}
      </button>

      <div className="ed-row">
        <StageIdField
          label={t('ed.tieBreaks')}
          field="tieBreaks"
          items={stage.segments.map((g) => ({ id: g.id, label: g.name }))}
          stage={stage}
          at={at}
          check={check}
          change={change}
        />
        <StageIdField
          label={t('ed.seeded')}
          field="seededContestantIds"
          items={contestants}
          stage={stage}
          at={at}
          check={check}
          change={change}
        />
      </div>

      <h3>{t('ed.advancement')}</h3>
      <AdvancementEditor draft={draft} check={check} stage={stage} s={s} change={change} />
    </section>
  );
}

/** A stage's optional list of ids (its tie-break segments, its seeded contestants) as checkboxes; empty removes it. */
function StageIdField({
  label,
  field,
  items,
  stage,
  at,
  check,
  change,
}: {
  label: string;
  field: 'tieBreaks' | 'seededContestantIds';
  items: { id: string; label: string; note?: string }[];
  stage: Stage;
  at: string;
  check: DraftCheck;
  change: (edit: (st: Stage) => void) => void;
}) {
  return (
    <div className="ed-field is-wide">
      <span className="ed-label">{label}</span>
      <IdChecklist
        items={items}
        chosen={stage[field] ?? []}
        onChange={(ids) =>
          change((st) => {
            if (ids.length === 0) delete st[field];
            else st[field] = ids;
          })
        }
      />
      <ProblemList problems={problemsUnder(check, `${at}.${field}`)} />
    </div>
  );
}

function SegmentEditor({
  draft,
  check,
  stage,
  segment,
  at,
  change,
  remove,
  move,
  onPickQuestions,
  testId,
}: {
  draft: ContestFile;
  check: DraftCheck;
  stage: Stage;
  segment: Segment;
  at: string;
  change: (edit: (seg: Segment, st: Stage, replace: (seg: Segment) => void) => void) => void;
  remove: (() => void) | undefined;
  move: ReactNode;
  onPickQuestions: (segmentId: string) => void;
  testId: string;
}) {
  const t = useT();
  const settings = (segment.settings ?? {}) as Settings;
  const setSetting = (key: string, v: unknown) =>
    change((seg) => {
      const next: Settings = { ...((seg.settings ?? {}) as Settings) };
      if (v === undefined) delete next[key];
      else next[key] = v;
      if (Object.keys(next).length > 0) (seg as { settings?: Settings }).settings = next;
      else delete seg.settings;
    });
  const num = (key: string, label: string, step = 'any') => (
    <Field key={key} label={label} path={`${at}.settings.${key}`} check={check}>
      <NumberInput
        value={settings[key] as number | undefined}
        step={step}
        placeholder={t('ed.default')}
        onChange={(v) => setSetting(key, v)}
        testId={`${testId}-${key}`}
      />
    </Field>
  );
  /** A select over a setting's values; empty = the default, named in the first option. */
  const choice = (key: 'whileMarking' | 'photoFinish', values: readonly string[]) => (
    <Field key={key} label={t(`ed.set.${key}`)} path={`${at}.settings.${key}`} check={check}>
      <select
        value={(settings[key] as string | undefined) ?? ''}
        data-testid={`${testId}-${key}`}
        onChange={(e) => setSetting(key, e.currentTarget.value || undefined)}
      >
        <option value="">{t(`ed.set.${key}.default`)}</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {t(`ed.set.${key}.${v}` as MessageKey)}
          </option>
        ))}
      </select>
    </Field>
  );
  const knowledge = segment.kind === 'required' || segment.kind === 'buzzer';
  const trim = settings['trim'] as { drop: number; minScores: number } | undefined;
  const criteria = (settings['criteria'] as { id: string; name: string; max: number }[] | undefined) ?? [];
  return (
    <div className={`ed-card ed-segment ed-kind-${segment.kind}`} data-testid={testId}>
      <div className="ed-row">
        <Field label={t('ed.segmentName')} path={`${at}.name`} check={check}>
          <TextInput value={segment.name} onChange={(v) => change((seg) => (seg.name = v))} testId={`${testId}-name`} />
        </Field>
        <Field label={t('ed.segmentKind')} path={`${at}.kind`} check={check}>
          <select
            value={segment.kind}
            data-testid={`${testId}-kind`}
            onChange={(e) => {
              const kind = e.currentTarget.value as SegmentKind;
              change((seg, _st, replace) => replace(segmentOfKind(kind, seg)));
            }}
          >
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`ed.kind.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('ed.fullMarks')} path={`${at}.fullMarks`} check={check}>
          <NumberInput
            value={segment.fullMarks}
            onChange={(v) => change((seg) => (seg.fullMarks = v ?? Number.NaN))}
            testId={`${testId}-fullMarks`}
          />
        </Field>
        <Field label={t('ed.weight')} path={`${at}.weight`} check={check}>
          <NumberInput
            value={segment.weight}
            onChange={(v) => change((seg) => (seg.weight = v ?? Number.NaN))}
            testId={`${testId}-weight`}
          />
        </Field>
        <Field label={t('ed.part')} path={`${at}.part`} check={check}>
          <select
            value={segment.part ?? ''}
            onChange={(e) => {
              const v = e.currentTarget.value;
              change((seg) => {
                if (v === '') delete seg.part;
                else seg.part = v;
              });
            }}
          >
            <option value="">{t('ed.noPart')}</option>
            {(stage.parts ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('ed.id')} path={`${at}.id`} check={check}>
          <TextInput value={segment.id} onChange={(v) => change((seg) => (seg.id = v))} />
        </Field>
        {move}
        {remove && <RemoveButton title={t('ed.remove')} onClick={remove} />}
      </div>
      <div className="ed-row ed-settings">
        {segment.kind === 'required' && [
          num('pointsCorrect', t('ed.set.pointsCorrect')),
          num('pointsWrong', t('ed.set.pointsWrong')),
          num('pointsTimeout', t('ed.set.pointsTimeout')),
          num('answerSeconds', t('ed.set.answerSeconds'), '1'),
          num('questionsPerContestant', t('ed.set.questionsPerContestant'), '1'),
          choice('whileMarking', ['pause', 'run']),
        ]}
        {segment.kind === 'buzzer' && [
          num('pointsCorrect', t('ed.set.pointsCorrect')),
          num('pointsWrong', t('ed.set.pointsWrong')),
          num('falseStartPenalty', t('ed.set.falseStartPenalty')),
          num('answerSeconds', t('ed.set.answerSeconds'), '1'),
          num('buzzSeconds', t('ed.set.buzzSeconds'), '1'),
          num('openDelayMs', t('ed.set.openDelayMs'), '1'),
          choice('whileMarking', ['pause', 'run']),
          choice('photoFinish', ['earlier', 'host', 'rebuzz']),
        ]}
        {segment.kind === 'written' && [
          num('durationSeconds', t('ed.set.durationSeconds'), '1'),
          num('pointsPerQuestion', t('ed.set.pointsPerQuestion')),
          num('partialPercent', t('ed.set.partialPercent'), '1'),
          num('focusLossLimit', t('ed.set.focusLossLimit'), '1'),
          <Field key="timing" label={t('ed.set.timing')} path={`${at}.settings.timing`} check={check}>
            <select
              value={(settings['timing'] as string | undefined) ?? ''}
              onChange={(e) => setSetting('timing', e.currentTarget.value || undefined)}
            >
              <option value="">{t('ed.default')}</option>
              <option value="perTaker">{t('ed.set.timing.perTaker')}</option>
              <option value="window">{t('ed.set.timing.window')}</option>
            </select>
          </Field>,
          <Field key="entry" label={t('ed.set.entry')} path={`${at}.settings.entry`} check={check}>
            <select
              value={(settings['entry'] as string | undefined) ?? ''}
              onChange={(e) => setSetting('entry', e.currentTarget.value || undefined)}
            >
              <option value="">{t('ed.default')}</option>
              <option value="roster">{t('ed.set.entry.roster')}</option>
              <option value="open">{t('ed.set.entry.open')}</option>
            </select>
          </Field>,
          ...(['shuffleQuestions', 'shuffleOptions'] as const).map((key) => (
            <label key={key} className="ed-check">
              <input
                type="checkbox"
                checked={settings[key] === true}
                onChange={(e) => setSetting(key, e.currentTarget.checked ? true : undefined)}
              />
              {t(`ed.set.${key}`)}
            </label>
          )),
        ]}
        {segment.kind === 'judged' && [
          num('performanceSeconds', t('ed.set.performanceSeconds'), '1'),
          num('warningSeconds', t('ed.set.warningSeconds'), '1'),
          <Field key="trim" label={t('ed.set.trimDrop')} path={`${at}.settings.trim.drop`} check={check}>
            <NumberInput
              value={trim?.drop}
              step="1"
              placeholder={t('ed.default')}
              testId={`${testId}-trimDrop`}
              onChange={(v) =>
                setSetting('trim', v === undefined ? undefined : { drop: v, minScores: trim?.minScores ?? 2 * v + 1 })
              }
            />
          </Field>,
          trim && (
            <Field key="min" label={t('ed.set.trimMin')} path={`${at}.settings.trim.minScores`} check={check}>
              <NumberInput
                value={trim.minScores}
                step="1"
                onChange={(v) => setSetting('trim', { drop: trim.drop, minScores: v ?? Number.NaN })}
              />
            </Field>
          ),
        ]}
      </div>
      {segment.kind === 'judged' && (
        <>
          <span className="ed-label">{t('ed.panel')}</span>
          <IdChecklist
            items={draft.judges.map((j) => ({ id: j.id, label: j.name, ...(j.title ? { note: j.title } : {}) }))}
            chosen={segment.judgeIds ?? draft.judges.map((j) => j.id)}
            onChange={(ids) =>
              change((seg) => {
                if (seg.kind !== 'judged') return;
                if (ids.length === draft.judges.length) delete seg.judgeIds;
                else seg.judgeIds = ids;
              })
            }
            testId={`${testId}-judges`}
          />
          <ProblemList problems={problemsUnder(check, `${at}.judgeIds`)} />
          <span className="ed-label">
            {t('ed.criteria')} <small>{t('ed.criteriaNote')}</small>
          </span>
          <ProblemList problems={check.byPath.get(`${at}.settings.criteria`) ?? []} />
          {criteria.map((c, k) => (
            <div className="ed-row" key={k}>
              <Field label={t('ed.criterionName')} path={`${at}.settings.criteria[${k}].name`} check={check}>
                <TextInput
                  value={c.name}
                  onChange={(v) =>
                    setSetting(
                      'criteria',
                      criteria.map((x, i) => (i === k ? { ...x, name: v } : x)),
                    )
                  }
                />
              </Field>
              <Field label={t('ed.criterionMax')} path={`${at}.settings.criteria[${k}].max`} check={check}>
                <NumberInput
                  value={c.max}
                  onChange={(v) =>
                    setSetting(
                      'criteria',
                      criteria.map((x, i) => (i === k ? { ...x, max: v ?? Number.NaN } : x)),
                    )
                  }
                />
              </Field>
              <RemoveButton
                onClick={() => {
                  const rest = criteria.filter((_, i) => i !== k);
                  setSetting('criteria', rest.length > 0 ? rest : undefined);
                }}
              />
            </div>
          ))}
          <button
            type="button"
            className="au-button au-quiet"
            onClick={() =>
              setSetting('criteria', [
                ...criteria,
                {
                  id: freshId(
                    'k',
                    criteria.map((c) => c.id),
                  ),
                  name: t('ed.criterionN', { n: criteria.length + 1 }),
                  max: 10,
                },
              ])
            }
          >
            + {t('ed.addCriterion')}
          </button>
        </>
      )}
      {segment.kind === 'written' && (
        <WrittenDrawEditor
          draws={(settings['draw'] as WrittenDraw[] | undefined) ?? []}
          categories={[
            ...new Set(
              draft.questions
                .filter((q) => segment.questionIds.includes(q.id) && q.category)
                .map((q) => q.category as string),
            ),
          ]}
          at={`${at}.settings.draw`}
          check={check}
          testId={`${testId}-draw`}
          onChange={(draws) => setSetting('draw', draws.length > 0 ? draws : undefined)}
        />
      )}
      {segment.kind !== 'judged' && (
        <div className="ed-questions">
          <span data-testid={`${testId}-question-count`}>
            {t('ed.questionsN', { n: segment.questionIds.length })}
            {knowledge && ` · ${t('ed.reservesN', { n: segment.reserveQuestionIds?.length ?? 0 })}`}
            {knowledge && segment.questionDraw && ` · ${t('ed.drawnWith', { seed: segment.questionDraw.seed })}`}
          </span>
          <button
            type="button"
            className="au-button"
            data-testid={`${testId}-pick`}
            onClick={() => onPickQuestions(segment.id)}
          >
            {t('ed.pickQuestions')}
          </button>
          <ProblemList
            problems={[
              ...problemsUnder(check, `${at}.questionIds`),
              ...problemsUnder(check, `${at}.reserveQuestionIds`),
            ]}
          />
        </div>
      )}
    </div>
  );
}

/** A written paper's draw: N questions of a category per taker (segment's list; all categories when none given). */
function WrittenDrawEditor({
  draws,
  categories,
  at,
  check,
  testId,
  onChange,
}: {
  draws: WrittenDraw[];
  categories: string[];
  at: string;
  check: DraftCheck;
  testId: string;
  onChange: (draws: WrittenDraw[]) => void;
}) {
  const t = useT();
  const set = (k: number, next: WrittenDraw) => onChange(draws.map((x, i) => (i === k ? next : x)));
  return (
    <div className="ed-written-draw" data-testid={testId}>
      <span className="ed-label">
        {t('ed.set.draw')} <small>{t('ed.set.drawNote')}</small>
      </span>
      <ProblemList problems={check.byPath.get(at) ?? []} />
      {draws.map((d, k) => (
        <div className="ed-row" key={k}>
          <Field label={t('ed.set.drawCategory')} path={`${at}[${k}].category`} check={check}>
            <input
              type="text"
              list={`${testId}-categories`}
              value={d.category ?? ''}
              placeholder={t('ed.set.drawAnyCategory')}
              data-testid={`${testId}-category-${k}`}
              onInput={(e) => {
                const v = e.currentTarget.value;
                const { category: _drop, ...rest } = d;
                set(k, v === '' ? rest : { ...rest, category: v });
              }}
            />
          </Field>
          <Field label={t('ed.set.drawCount')} path={`${at}[${k}].count`} check={check}>
            <NumberInput
              value={d.count}
              step="1"
              testId={`${testId}-count-${k}`}
              onChange={(v) => set(k, { ...d, count: v ?? Number.NaN })}
            />
          </Field>
          <RemoveButton title={t('ed.remove')} onClick={() => onChange(draws.filter((_, i) => i !== k))} />
        </div>
      ))}
      <datalist id={`${testId}-categories`}>
        {categories.map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>
      <button
        type="button"
        className="au-button au-quiet"
        data-testid={`${testId}-add`}
        onClick={() => onChange([...draws, { count: 10 }])}
      >
        + {t('ed.set.addDraw')}
      </button>
    </div>
  );
}

function AdvancementEditor({
  draft,
  check,
  stage,
  s,
  change,
}: {
  draft: ContestFile;
  check: DraftCheck;
  stage: Stage;
  s: number;
  change: (edit: (st: Stage) => void) => void;
}) {
  const t = useT();
  const at = `stages[${s}].advancement`;
  const adv = stage.advancement;
  const later = draft.stages.slice(s + 1);
  return (
    <div className="ed-card">
      <ProblemList problems={check.byPath.get(at) ?? []} />
      <label className="ed-check">
        <input
          type="checkbox"
          checked={adv !== undefined}
          disabled={later.length === 0 && adv === undefined}
          data-testid={`ed-advance-${s}`}
          onChange={(e) => {
            const on = e.currentTarget.checked;
            change((st) => {
              if (!on) delete st.advancement;
              else st.advancement = { perGroup: 1, ...(later[0] ? { toStageId: later[0].id } : {}) };
            });
          }}
        />
        {later.length === 0 ? t('ed.lastStage') : t('ed.advances')}
      </label>
      {adv && (
        <div className="ed-row">
          <Field label={t('ed.perGroup')} path={`${at}.perGroup`} check={check}>
            <NumberInput
              value={adv.perGroup}
              step="1"
              testId={`ed-advance-per-group-${s}`}
              onChange={(v) => change((st) => st.advancement && (st.advancement.perGroup = v ?? Number.NaN))}
            />
          </Field>
          <Field label={t('ed.toStage')} path={`${at}.toStageId`} check={check}>
            <select
              value={adv.toStageId ?? ''}
              onChange={(e) => {
                const v = e.currentTarget.value;
                change((st) => {
                  if (!st.advancement) return;
                  if (v === '') delete st.advancement.toStageId;
                  else st.advancement.toStageId = v;
                });
              }}
            >
              <option value="">{t('ed.nextStage')}</option>
              {later.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
          </Field>
          <div className="ed-field is-wide">
            <span className="ed-label">{t('ed.bySegments')}</span>
            <IdChecklist
              items={stage.segments.map((g) => ({ id: g.id, label: g.name }))}
              chosen={adv.bySegmentIds ?? []}
              onChange={(ids) =>
                change((st) => {
                  if (!st.advancement) return;
                  if (ids.length === 0) delete st.advancement.bySegmentIds;
                  else st.advancement.bySegmentIds = ids;
                })
              }
            />
          </div>
        </div>
      )}
    </div>
  );
}
