/** Small form parts of the editor: a labelled field that shows its own problems, text and number inputs. */
import type { ReactNode } from 'react';
import type { ProblemText } from '@leitai/shared';
import { useLocale } from '../../../core/i18n/i18n.ts';
import type { DraftCheck } from './draft.ts';

export function ProblemList({ problems, testId }: { problems: readonly ProblemText[]; testId?: string }) {
  const locale = useLocale((s) => s.locale);
  if (problems.length === 0) return null;
  return (
    <ul className="ed-problems" role="alert" data-testid={testId}>
      {problems.map((p, i) => (
        <li key={i}>{locale === 'en' ? p.message.en : p.message.zh}</li>
      ))}
    </ul>
  );
}

export function Field({
  label,
  path,
  check,
  children,
  wide = false,
}: {
  label: string;
  path: string;
  check: DraftCheck;
  children: ReactNode;
  wide?: boolean;
}) {
  const problems = check.byPath.get(path) ?? [];
  return (
    <label className={`ed-field ${wide ? 'is-wide' : ''} ${problems.length ? 'has-problem' : ''}`} data-path={path}>
      <span className="ed-label">{label}</span>
      {children}
      <ProblemList problems={problems} />
    </label>
  );
}

export function TextInput({
  value,
  onChange,
  placeholder,
  testId,
}: {
  value: string | undefined;
  onChange: (v: string) => void;
  placeholder?: string;
  testId?: string;
}) {
  return (
    <input
      type="text"
      value={value ?? ''}
      placeholder={placeholder}
      data-testid={testId}
      onInput={(e) => onChange(e.currentTarget.value)}
    />
  );
}

/** A number field; empty gives `undefined` (an optional setting left to its default). */
export function NumberInput({
  value,
  onChange,
  step = 'any',
  testId,
  placeholder,
}: {
  value: number | undefined;
  onChange: (v: number | undefined) => void;
  step?: string;
  testId?: string;
  placeholder?: string;
}) {
  return (
    <input
      type="number"
      step={step}
      value={value === undefined || Number.isNaN(value) ? '' : value}
      placeholder={placeholder}
      data-testid={testId}
      onInput={(e) => {
        const raw = e.currentTarget.value.trim();
        onChange(raw === '' ? undefined : Number(raw));
      }}
    />
  );
}

/** Checkboxes over a list of ids (a group's contestants, a panel's judges). */
export function IdChecklist({
  items,
  chosen,
  onChange,
  testId,
}: {
  items: { id: string; label: string; note?: string }[];
  chosen: readonly string[];
  onChange: (ids: string[]) => void;
  testId?: string;
}) {
  const set = new Set(chosen);
  return (
    <div className="ed-checklist" data-testid={testId}>
      {items.map((it) => (
        <label key={it.id} className={set.has(it.id) ? 'is-on' : ''}>
          <input
            type="checkbox"
            checked={set.has(it.id)}
            onChange={(e) => {
              const on = e.currentTarget.checked;
              // Keep the list's own order (the roster's).
              onChange(items.map((i) => i.id).filter((id) => (id === it.id ? on : set.has(id))));
            }}
          />
          {it.label}
          {it.note && <small>{it.note}</small>}
        </label>
      ))}
    </div>
  );
}

/**
 * Move up / move down buttons for an item of a list (keyboard reachable, labelled in the page's
 * language). After a move the focus follows the item to its new place, so moving by keyboard can go on.
 */
export function MoveButtons({
  index,
  count,
  onMove,
  upLabel,
  downLabel,
  testIdOf,
}: {
  index: number;
  count: number;
  onMove: (from: number, to: number) => void;
  upLabel: string;
  downLabel: string;
  /** The buttons' test id for the item at an index (`-up` / `-down` appended); also used to refocus. */
  testIdOf: (index: number) => string;
}) {
  if (count < 2) return null;
  const move = (to: number, dir: 'up' | 'down') => {
    onMove(index, to);
    requestAnimationFrame(() => {
      const same = document.querySelector<HTMLButtonElement>(`[data-testid="${testIdOf(to)}-${dir}"]`);
      const other = document.querySelector<HTMLButtonElement>(
        `[data-testid="${testIdOf(to)}-${dir === 'up' ? 'down' : 'up'}"]`,
      );
      (same && !same.disabled ? same : other)?.focus();
    });
  };
  return (
    <span className="ed-move">
      <button
        type="button"
        className="ed-move-button"
        aria-label={upLabel}
        title={upLabel}
        disabled={index === 0}
        data-testid={`${testIdOf(index)}-up`}
        onClick={() => move(index - 1, 'up')}
      >
        ↑
      </button>
      <button
        type="button"
        className="ed-move-button"
        aria-label={downLabel}
        title={downLabel}
        disabled={index === count - 1}
        data-testid={`${testIdOf(index)}-down`}
        onClick={() => move(index + 1, 'down')}
      >
        ↓
      </button>
    </span>
  );
}

/** The × that removes a row or an item of the editor. */
export function RemoveButton({ title, onClick }: { title?: string; onClick: () => void }) {
  return (
    <button type="button" className="ed-remove" {...(title !== undefined ? { title } : {})} onClick={onClick}>
      ×
    </button>
  );
}

/** A table row's problems, in a row of their own under it (none when there are none). */
export function ProblemRow({
  problems,
  colSpan,
}: {
  problems: Parameters<typeof ProblemList>[0]['problems'];
  colSpan: number;
}) {
  return problems.length > 0 ? (
    <tr className="ed-problem-row">
      <td colSpan={colSpan}>
        <ProblemList problems={problems} />
      </td>
    </tr>
  ) : null;
}
