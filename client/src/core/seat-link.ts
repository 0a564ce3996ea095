/**
 * How a screen learns who it is: the secret seat token arrives in the URL fragment (never the
 * query, so it is not sent to the server in requests or logged by proxies), is moved to
 * sessionStorage and wiped from the address bar. The audience page carries the public join code
 * in the query instead.
 */
import { randomId } from './random-id.ts';

/** The pages of the client, one per screen. */
export type ScreenName = 'host' | 'play' | 'judge' | 'stage' | 'overlay' | 'live';

const DEVICE_KEY = 'leitai.deviceId';
const DEVICE_ID = /^[A-Za-z0-9_-]{8,64}$/;

const tokenKey = (screen: ScreenName, contestId: string | null) =>
  contestId ? `leitai.token.${screen}.${contestId}` : `leitai.token.${screen}`;
const lastContestKey = (screen: ScreenName) => `leitai.contest.${screen}`;

/** Parse `#token=…&contest=…` (either part optional). */
export function parseFragment(hash: string): { token: string | null; contestId: string | null } {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  return { token: params.get('token') || null, contestId: params.get('contest') || null };
}

/**
 * Take the seat token for this screen: from the fragment if present (then stored and removed from
 * the address bar), else from this tab's sessionStorage so a reload keeps the seat.
 */
export function takeSeatToken(screen: ScreenName, win: Window = window): string | null {
  const { token, contestId } = parseFragment(win.location.hash);
  const storage = win.sessionStorage;
  if (token) {
    const contest = contestId ?? null;
    storage.setItem(tokenKey(screen, contest), token);
    if (contest) storage.setItem(lastContestKey(screen), contest);
    else storage.removeItem(lastContestKey(screen));
    const { pathname, search } = win.location;
    win.history.replaceState(win.history.state, '', pathname + search);
    return token;
  }
  const contest = storage.getItem(lastContestKey(screen));
  return storage.getItem(tokenKey(screen, contest));
}

/** Remember which contest this screen's token belongs to, once the server has said so. */
export function rememberSeatContest(screen: ScreenName, token: string, contestId: string, win: Window = window): void {
  const storage = win.sessionStorage;
  storage.setItem(tokenKey(screen, contestId), token);
  storage.setItem(lastContestKey(screen), contestId);
  if (storage.getItem(tokenKey(screen, null)) === token) storage.removeItem(tokenKey(screen, null));
}

/** Forget a token the server refused, so a reload does not try it again. */
export function forgetSeatToken(screen: ScreenName, win: Window = window): void {
  const storage = win.sessionStorage;
  const contest = storage.getItem(lastContestKey(screen));
  storage.removeItem(tokenKey(screen, contest));
  storage.removeItem(tokenKey(screen, null));
  storage.removeItem(lastContestKey(screen));
}

/** The public join code of the audience page (`/live.html?code=ABC123`). */
export function readJoinCode(win: Window = window): string | null {
  const code = new URLSearchParams(win.location.search).get('code')?.trim();
  return code ? code : null;
}

/** The audience link of a phone in the hall (`?hall=1`): play-along stays live, not stream-delayed. */
export function isHallLink(win: Window = window): boolean {
  return new URLSearchParams(win.location.search).get('hall') === '1';
}

/** Stable per browser profile, so a reconnecting phone returns to its seat. */
export function deviceId(storage: Storage = localStorage): string {
  const stored = storage.getItem(DEVICE_KEY);
  if (stored && DEVICE_ID.test(stored)) return stored;
  const id = randomId(22);
  storage.setItem(DEVICE_KEY, id);
  return id;
}

const IDENTITY_KEY = 'leitai.audienceIdentity.';

/** The server's signed identity for this phone at a contest's audience (`audience:identity`), kept for the next connection. */
export function audienceToken(joinCode: string, storage: Storage = localStorage): string | null {
  try {
    return storage.getItem(IDENTITY_KEY + joinCode);
  } catch {
    return null;
  }
}

export function keepAudienceToken(joinCode: string, token: string, storage: Storage = localStorage): void {
  try {
    storage.setItem(IDENTITY_KEY + joinCode, token);
  } catch {
    // Private browsing without storage: the phone is a new audience device at its next visit.
  }
}
