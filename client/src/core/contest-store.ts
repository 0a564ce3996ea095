import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ClockEstimate, ClusterStatusFrame, ContestState, LinkStatus, Welcome } from '@leitai/shared';

/** Where the socket stands, as shown in every screen's status badge. */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'disconnected' | 'failed';

/** Why a screen cannot go on (bad link, old page, wrong seat): shown instead of the screen. */
export interface Failure {
  code: string;
  message: string;
}

/** Everything a screen renders: the folded contest state plus connection and clock health. */
export interface ContestStoreState {
  connection: ConnectionStatus;
  failure: Failure | null;
  welcome: Welcome | null;
  contest: ContestState | null;
  /** A resync request is in flight. */
  resyncing: boolean;
  clock: ClockEstimate | null;
  /** Knowledge (host only): every contestant phone's measured link, from `link:status`. */
  links: LinkStatus[] | null;
  /** Scale-out (host only, core role): the core's last `cluster:status` and when it arrived (local ms). */
  cluster: { frame: ClusterStatusFrame; receivedAt: number } | null;
}

/** The store of one screen. The state is only ever replaced by a snapshot or folded from events. */
export type ContestStore = StoreApi<ContestStoreState>;

/** A fresh store, before the socket has said anything. */
export function createContestStore(): ContestStore {
  return createStore<ContestStoreState>()(() => ({
    connection: 'connecting',
    failure: null,
    welcome: null,
    contest: null,
    resyncing: false,
    clock: null,
    links: null,
    cluster: null,
  }));
}
