import { StrictMode, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';
import { useLocale } from '../core/i18n/i18n.ts';
import { openScreenSession } from '../core/screen-session.ts';
import type { ScreenName } from '../core/seat-link.ts';
import { SessionProvider } from './session-context.tsx';
import '../styles/global.css';

/** Boot a page: open its session with the server and render its screen into #root. */
export function mountScreen(screen: ScreenName, Screen: ComponentType): void {
  document.documentElement.lang = useLocale.getState().locale;
  const session = openScreenSession(screen);
  const root = document.getElementById('root');
  if (!root) throw new Error('#root missing');
  createRoot(root).render(
    <StrictMode>
      <SessionProvider session={session}>
        <Screen />
      </SessionProvider>
    </StrictMode>,
  );
}
