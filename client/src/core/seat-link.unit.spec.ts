import { expect, test } from 'vitest';
import {
  deviceId,
  forgetSeatToken,
  parseFragment,
  readJoinCode,
  rememberSeatContest,
  takeSeatToken,
} from './seat-link.ts';

class MemoryStorage implements Storage {
  private items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(i: number) {
    return [...this.items.keys()][i] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

/** Just enough of `window` for the seat-link functions. */
function fakeWindow(href: string, session = new MemoryStorage()) {
  const url = new URL(href);
  const replaced: string[] = [];
  const win = {
    location: {
      get hash() {
        return url.hash;
      },
      get pathname() {
        return url.pathname;
      },
      get search() {
        return url.search;
      },
    },
    sessionStorage: session,
    history: {
      state: null,
      replaceState: (_state: unknown, _title: string, next: string) => {
        replaced.push(next);
        url.hash = '';
      },
    },
  };
  return { win: win as unknown as Window, replaced, session };
}

test('parseFragment reads the token and an optional contest', () => {
  expect(parseFragment('#token=abc&contest=demo')).toEqual({ token: 'abc', contestId: 'demo' });
  expect(parseFragment('')).toEqual({ token: null, contestId: null });
});

test('a token in the fragment is stored and wiped from the address bar, query kept', () => {
  const { win, replaced, session } = fakeWindow('http://hall/judge.html?x=1#token=SECRET-TOKEN-123456');
  expect(takeSeatToken('judge', win)).toBe('SECRET-TOKEN-123456');
  expect(replaced).toEqual(['/judge.html?x=1']);
  expect(replaced.join('')).not.toContain('SECRET');
  // A reload (no fragment any more) finds the token in this tab's session.
  const reloaded = fakeWindow('http://hall/judge.html?x=1', session);
  expect(takeSeatToken('judge', reloaded.win)).toBe('SECRET-TOKEN-123456');
  expect(reloaded.replaced).toEqual([]);
});

test('tokens are kept per screen and per contest once the server named it', () => {
  const { win, session } = fakeWindow('http://hall/host.html#token=HOST-TOKEN-1234567890');
  takeSeatToken('host', win);
  rememberSeatContest('host', 'HOST-TOKEN-1234567890', 'demo', win);
  expect(session.getItem('leitai.token.host.demo')).toBe('HOST-TOKEN-1234567890');
  expect(session.getItem('leitai.token.host')).toBeNull();
  expect(takeSeatToken('host', fakeWindow('http://hall/host.html', session).win)).toBe('HOST-TOKEN-1234567890');
  expect(takeSeatToken('stage', fakeWindow('http://hall/stage.html', session).win)).toBeNull();
  forgetSeatToken('host', win);
  expect(takeSeatToken('host', fakeWindow('http://hall/host.html', session).win)).toBeNull();
});

test('the audience join code comes from the query', () => {
  expect(readJoinCode(fakeWindow('http://hall/live.html?code=ABC123').win)).toBe('ABC123');
  expect(readJoinCode(fakeWindow('http://hall/live.html?code=').win)).toBeNull();
});

test('deviceId is made once, kept, and replaced when malformed', () => {
  const storage = new MemoryStorage();
  const id = deviceId(storage);
  expect(id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
  expect(deviceId(storage)).toBe(id);
  storage.setItem('leitai.deviceId', 'bad id!');
  expect(deviceId(storage)).not.toBe('bad id!');
});
