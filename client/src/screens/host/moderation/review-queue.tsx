/**
 * The review queue at scale: thousands of comments in a windowed list (@tanstack/react-virtual;
 * only the rows in view and a few either side are in the DOM), driven from the keyboard:
 * J/K move (Home/End: first/last), A approve, D reject, B ban, T trust the sender, H the sender's history,
 * Shift+A approve every row in view (the rows the moderator actually sees, whole).
 */
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import type { AudienceComment } from '@leitai/shared';
import { useModerationT, type ModerationKey } from './moderation-i18n.ts';
import type { MessageVars } from '../../../core/i18n/i18n.ts';
import { COLOR_FILL } from '../../../ui/danmaku/colors.ts';
import { useAudience } from '../../../ui/danmaku/use-audience.ts';
import { SourceBadge } from '../../../ui/danmaku/source-badge.tsx';
import { useModerate } from './use-moderate.ts';
import { keyRow, moderationKey } from '../key-table.ts';

/** Every row is this tall: who and the buttons, then the comment on one line (cut with an ellipsis; the title shows all). */
export const QUEUE_ROW_PX = 68;
/** What one `moderation:decide` carries at most (its schema). */
const DECIDE_MAX = 200;

/** The queue rows wholly inside the scroll box now, in order. */
export function rowsInView(v: Virtualizer<HTMLDivElement, Element>, box: HTMLElement | null): number[] {
  if (!box) return [];
  const top = box.scrollTop;
  const bottom = top + box.clientHeight;
  return v
    .getVirtualItems()
    .filter((item) => item.start >= top - 1 && item.end <= bottom + 1)
    .map((item) => item.index);
}

export function ReviewQueue({
  historyOf,
  onHistory,
}: {
  /** The sender whose history drawer is open. */
  historyOf: string | null;
  onHistory: (deviceId: string | null) => void;
}) {
  const t = useModerationT();
  const queue = useAudience((s) => s.queue);
  const mode = useAudience((s) => s.mode);
  const trusted = useAudience((s) => s.trusted);
  const trustedSet = useMemo(() => new Set(trusted), [trusted]);
  const moderate = useModerate();
  const [cursor, setCursor] = useState(0);
  /** Comments decided here whose removal the server has not sent yet (shown dimmed). */
  const [pending, setPending] = useState<ReadonlySet<string>>(() => new Set());
  const box = useRef<HTMLDivElement>(null);
  const index = Math.min(cursor, queue.length - 1);
  const selected = index >= 0 ? queue[index] : undefined;
  const virtualizer = useVirtualizer({
    count: queue.length,
    getScrollElement: () => box.current,
    estimateSize: () => QUEUE_ROW_PX,
    overscan: 8,
    getItemKey: (i) => queue[i]?.id ?? i,
  });

  const decide = (ids: string[], approve: boolean) => {
    if (ids.length === 0) return;
    setPending((p) => new Set([...p, ...ids]));
    for (let i = 0; i < ids.length; i += DECIDE_MAX) {
      const chunk = ids.slice(i, i + DECIDE_MAX);
      void moderate('moderation:decide', { ids: chunk, approve }).then((ok) => {
        if (ok) return;
        setPending((p) => new Set([...p].filter((id) => !chunk.includes(id))));
      });
    }
  };
  const approveInView = () => {
    decide(
      rowsInView(virtualizer, box.current)
        .map((i) => queue[i]?.id)
        .filter((id): id is string => id !== undefined),
      true,
    );
  };
  const trust = (c: AudienceComment, on: boolean) =>
    void moderate('moderation:trust', { deviceId: c.deviceId, trusted: on });

  // Forget pending marks once the server has removed those comments.
  useEffect(() => {
    if (pending.size === 0) return;
    const ids = new Set(queue.map((c) => c.id));
    const still = [...pending].filter((id) => ids.has(id));
    if (still.length !== pending.size) setPending(new Set(still));
  }, [queue, pending]);

  // The selected row stays in view as the cursor moves.
  useEffect(() => {
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [index]);

  // A layout effect, not a plain one: plain effects run after paint (preact defers them to the
  // next frame), and a key pressed in between would act on a comment already decided.
  const latest = useRef({ queue, selected, trustedSet, historyOf, onHistory, decide, approveInView, trust });
  useLayoutEffect(() => {
    latest.current = { queue, selected, trustedSet, historyOf, onHistory, decide, approveInView, trust };
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target instanceof HTMLElement ? e.target : null;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (target && (['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.isContentEditable)) return;
      // A confirmation or the help is open: its keys are its own.
      if (document.querySelector('[aria-modal="true"]')) return;
      const l = latest.current;
      const c = l.selected;
      const row = keyRow('moderation', moderationKey(e.key, e.shiftKey));
      if (!row) return;
      switch (row.action) {
        case 'down':
          setCursor((i) => Math.min(Math.max(0, i) + 1, Math.max(0, l.queue.length - 1)));
          break;
        case 'up':
          setCursor((i) => Math.max(0, Math.min(i, l.queue.length - 1) - 1));
          break;
        case 'first':
          setCursor(0);
          break;
        case 'last':
          setCursor(Math.max(0, l.queue.length - 1));
          break;
        case 'approveVisible':
          l.approveInView();
          break;
        case 'approve':
        case 'reject':
          if (!c) return;
          l.decide([c.id], row.action === 'approve');
          break;
        case 'ban':
          if (!c) return;
          void moderate('moderation:ban', { commentId: c.id });
          break;
        case 'trust':
          if (!c) return;
          l.trust(c, !l.trustedSet.has(c.deviceId));
          break;
        case 'history':
          if (!c) return;
          // The panel's own H (cluster health, host-screen.tsx) listens later on window: on this
          // tab, with a comment selected, H is the sender's history.
          e.stopPropagation();
          l.onHistory(l.historyOf === c.deviceId ? null : c.deviceId);
          break;
        case 'closeHistory':
          if (!l.historyOf) return;
          l.onHistory(null);
          break;
      }
      e.preventDefault();
    };
    // Capture phase: before the panel-wide shortcuts, which listen on window in the bubble phase.
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
    // moderate is stable enough: it reads the feed and toasts of this page.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // One object for every row, for the rows' lifetime: a row re-renders only when its own props change.
  const act = useRef<RowActions>({
    select: (i) => setCursor(i),
    decide: (c, approve) => latest.current.decide([c.id], approve),
    ban: (c) => void moderate('moderation:ban', { commentId: c.id }),
    trust: (c) => latest.current.trust(c, !latest.current.trustedSet.has(c.deviceId)),
    history: (c, i) => {
      setCursor(i);
      latest.current.onHistory(c.deviceId);
    },
  }).current;
  const items = virtualizer.getVirtualItems();
  return (
    <section className="panel mod-queue">
      <h2 className="mod-queue-head">
        <span>
          {t('mod.queue')}{' '}
          <span className="tab-count" data-testid="queue-count">
            {queue.length}
          </span>
          {mode !== 'review' && <small className="mod-mode-note">{t(`mod.mode.${mode}`)}</small>}
        </span>
        <button
          type="button"
          className="btn btn-small mod-ok"
          disabled={queue.length === 0}
          onClick={approveInView}
          title={t('mod.approveVisibleHint')}
          data-testid="approve-visible"
        >
          {t('mod.approveVisible')}
        </button>
      </h2>
      <p className="panel-hint mod-keys">
        {(['a', 'd', 'b', 't', 'h', 'jk', 'ends', 'shiftA'] as const).map((k) => (
          <span key={k}>
            <kbd>{t(`mod.key.${k}`)}</kbd> {t(`mod.keyDoes.${k}`)}
          </span>
        ))}
      </p>
      {queue.length === 0 ? (
        <p className="mod-empty">{t('mod.queueEmpty')}</p>
      ) : (
        <div className="mod-list" ref={box} data-testid="queue-scroll">
          <ol
            className="mod-list-inner"
            data-testid="queue"
            style={{ height: `${virtualizer.getTotalSize()}px` }}
            aria-rowcount={queue.length}
          >
            {items.map((item) => {
              const c = queue[item.index];
              if (!c) return null;
              return (
                <QueueRow
                  key={c.id}
                  t={t}
                  comment={c}
                  position={item.index}
                  top={item.start}
                  selected={c === selected}
                  trusted={trustedSet.has(c.deviceId)}
                  pending={pending.has(c.id)}
                  act={act}
                />
              );
            })}
          </ol>
        </div>
      )}
    </section>
  );
}

interface RowActions {
  select(index: number): void;
  decide(c: AudienceComment, approve: boolean): void;
  ban(c: AudienceComment): void;
  trust(c: AudienceComment): void;
  history(c: AudienceComment, index: number): void;
}

const QueueRow = memo(function QueueRow({
  t,
  comment,
  position,
  top,
  selected,
  trusted,
  pending,
  act,
}: {
  t: (key: ModerationKey, vars?: MessageVars) => string;
  comment: AudienceComment;
  position: number;
  top: number;
  selected: boolean;
  trusted: boolean;
  pending: boolean;
  act: RowActions;
}) {
  const held = comment.held
    ?.map((w) => (w === '[number]' ? t('mod.hit.number') : w === '[link]' ? t('mod.hit.link') : w))
    .join('、');
  return (
    <li
      className={`mod-row ${selected ? 'is-selected' : ''} ${pending ? 'is-pending' : ''}`}
      style={{ transform: `translateY(${top}px)`, height: `${QUEUE_ROW_PX}px` }}
      onClick={() => act.select(position)}
      aria-rowindex={position + 1}
      aria-selected={selected}
      data-testid="queue-row"
      data-id={comment.id}
      data-device={comment.deviceId}
    >
      <span className="mod-row-top">
        <span className="mod-swatch" style={{ background: COLOR_FILL[comment.color] }} />
        <span className="mod-meta">
          <SourceBadge source={comment.source} />
          <span className="mod-nick">{comment.nickname}</span>
          {trusted && <span className="mod-trusted-mark">{t('mod.trustedMark')}</span>}
        </span>
        <span className="mod-actions">
          <button
            type="button"
            className="btn btn-small mod-ok"
            onClick={() => act.decide(comment, true)}
            data-testid="approve"
          >
            {t('mod.approve')}
          </button>
          <button
            type="button"
            className="btn btn-small btn-quiet"
            onClick={() => act.decide(comment, false)}
            data-testid="reject"
          >
            {t('mod.reject')}
          </button>
          <button
            type="button"
            className="btn btn-small btn-quiet mod-ban"
            onClick={() => act.ban(comment)}
            data-testid="ban"
          >
            {t('mod.ban')}
          </button>
          <button
            type="button"
            className={`btn btn-small btn-quiet mod-trust ${trusted ? 'is-on' : ''}`}
            onClick={(e) => {
              e.stopPropagation();
              act.trust(comment);
            }}
            aria-pressed={trusted}
            title={t(trusted ? 'mod.untrustHint' : 'mod.trustHint')}
            data-testid="trust"
          >
            {t(trusted ? 'mod.trusted' : 'mod.trust')}
          </button>
          <button
            type="button"
            className="btn btn-small btn-quiet"
            onClick={(e) => {
              e.stopPropagation();
              act.history(comment, position);
            }}
            title={t('mod.historyHint')}
            data-testid="history"
          >
            {t('mod.history')}
          </button>
        </span>
      </span>
      <span className="mod-text" title={`${comment.nickname}：${comment.text}`}>
        {held && (
          <span className="mod-held" data-testid="held-reason">
            {t('mod.held', { words: held })}
          </span>
        )}
        {comment.text}
      </span>
    </li>
  );
});
