import { useModerationT } from './moderation-i18n.ts';
import { useAudience } from '../../../ui/danmaku/use-audience.ts';

export { ModerationPanel } from './moderation-panel.tsx';

/** The moderation tab button: its queue length, and a red mark while the screen is cleared. */
export function ModerationTab({ active, onSelect }: { active: boolean; onSelect: () => void }) {
  const t = useModerationT();
  const queued = useAudience((s) => s.queue.length);
  const killed = useAudience((s) => s.killed);
  return (
    <button
      type="button"
      role="tab"
      aria-selected={active}
      className={active ? 'is-active' : ''}
      data-testid="tab-moderation"
      onClick={onSelect}
    >
      {t('mod.tab')}
      <span className={`tab-count ${killed ? 'mod-tab-killed' : ''}`}>{killed ? '!' : queued}</span>
    </button>
  );
}
