import { useModerationT } from './moderation-i18n.ts';
import { useAudienceFeed } from '../../../ui/danmaku/use-audience.ts';
import { useToasts } from '../../../ui/toasts.tsx';

/** Send a moderation event; a refusal becomes a toast. */
export function useModerate(): (event: string, payload: unknown) => Promise<boolean> {
  const feed = useAudienceFeed();
  const t = useModerationT();
  const push = useToasts((s) => s.push);
  return async (event: string, payload: unknown): Promise<boolean> => {
    const r = await feed.request(event, payload);
    if (!r.ok) push('error', t('mod.failed', { message: r.error.message }));
    return r.ok;
  };
}
