import { useStore } from 'zustand';
import { useSession } from '../session-context.tsx';
import { audienceFeedFor, type AudienceFeed, type AudienceFeedState } from './audience-feed.ts';

/** This page's audience feed. */
export function useAudienceFeed(): AudienceFeed {
  return audienceFeedFor(useSession());
}

/** Subscribe to a slice of the audience feed. */
export function useAudience<T>(selector: (s: AudienceFeedState) => T): T {
  return useStore(useAudienceFeed().store, selector);
}
