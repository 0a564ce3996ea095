import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { ContestStoreState } from '../core/contest-store.ts';
import type { ScreenSession } from '../core/screen-session.ts';

const SessionContext = createContext<ScreenSession | null>(null);

/** Makes the page's session available to every component below. */
export function SessionProvider({ session, children }: { session: ScreenSession; children: ReactNode }) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

/** The page's session (store, command sender, token). */
export function useSession(): ScreenSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** Subscribe to a slice of the page's contest store. */
export function useContest<T>(selector: (state: ContestStoreState) => T): T {
  return useStore(useSession().store, selector);
}
