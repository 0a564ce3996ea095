/**
 * The counters per source (Leitai's own page, each platform) and per reason (shown, rejected,
 * held by the filter or by the mode, trusted senders who skipped review, refused by the filter,
 * rate-limited, …), from the moderation frame's `bySource` and `byReason`, each with a bar
 * scaled to the largest of its group.
 */
import { COMMENT_SOURCES, type CommentSource, type ModerationFrame } from '@leitai/shared';
import { useLocale } from '../../../core/i18n/i18n.ts';
import { SOURCE_BADGES, badgeLabel } from '../../../ui/danmaku/source-badges.ts';
import { useModerationT, type ModerationKey } from './moderation-i18n.ts';

/** The reasons in the order a moderator reads them; a reason the server adds later shows under its own name. */
const REASONS = [
  'approved',
  'trustedSkipped',
  'heldByFilter',
  'heldByMode',
  'rejected',
  'blocked',
  'rateLimited',
  'cutOff',
  'muted',
  'banned',
] as const;

const isSource = (s: string): s is CommentSource => (COMMENT_SOURCES as readonly string[]).includes(s);

function Bars({
  rows,
  testid,
  title,
}: {
  rows: { key: string; label: string; n: number; fill?: string }[];
  testid: string;
  title: string;
}) {
  const max = Math.max(1, ...rows.map((r) => r.n));
  return (
    <div className="mod-bars" data-testid={testid}>
      <h3>{title}</h3>
      <ul>
        {rows.map((r) => (
          <li key={r.key} data-key={r.key}>
            <span className="mod-bar-label">{r.label}</span>
            <span className="mod-bar-track">
              <span
                className="mod-bar-fill"
                style={{ width: `${(r.n / max) * 100}%`, ...(r.fill ? { background: r.fill } : {}) }}
              />
            </span>
            <span className="mod-bar-n">{r.n.toLocaleString('zh-CN')}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ModerationCounts({ stats }: { stats: ModerationFrame['stats'] }) {
  const t = useModerationT();
  const locale = useLocale((s) => s.locale);
  const bySource = stats.bySource ?? {};
  const byReason = stats.byReason ?? {};
  const sources = ['leitai', ...COMMENT_SOURCES.filter((s) => (bySource[s] ?? 0) > 0)];
  for (const s of Object.keys(bySource)) if (!sources.includes(s)) sources.push(s);
  const reasons: string[] = [...REASONS];
  for (const r of Object.keys(byReason)) if (!reasons.includes(r)) reasons.push(r);
  return (
    <div className="mod-counts">
      <Bars
        testid="mod-by-source"
        title={t('mod.bySource')}
        rows={sources.map((s) => ({
          key: s,
          label: s === 'leitai' ? t('mod.source.leitai') : isSource(s) ? badgeLabel(s, locale) : s,
          n: bySource[s] ?? 0,
          ...(isSource(s) ? { fill: SOURCE_BADGES[s].fill } : {}),
        }))}
      />
      <Bars
        testid="mod-by-reason"
        title={t('mod.byReason')}
        rows={reasons.map((r) => {
          const key = `mod.reason.${r}` as ModerationKey;
          return { key: r, label: key in REASON_KEYS ? t(key) : r, n: byReason[r] ?? 0 };
        })}
      />
    </div>
  );
}

const REASON_KEYS: Record<string, true> = Object.fromEntries(REASONS.map((r) => [`mod.reason.${r}`, true]));
