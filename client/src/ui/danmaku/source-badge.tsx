import type { CommentSource } from '@leitai/shared';
import { useLocale } from '../../core/i18n/i18n.ts';
import { SOURCE_BADGES, badgeLabel } from './source-badges.ts';
import './source-badge.css';

/** A platform comment's badge in a list (the moderator's queue, the sources panel). */
export function SourceBadge({ source }: { source: CommentSource | undefined }) {
  const locale = useLocale((s) => s.locale);
  if (!source) return null;
  const b = SOURCE_BADGES[source];
  return (
    <span
      className="source-badge"
      data-testid="source-badge"
      data-source={source}
      style={{ background: b.fill, color: b.ink }}
    >
      {badgeLabel(source, locale)}
    </span>
  );
}
