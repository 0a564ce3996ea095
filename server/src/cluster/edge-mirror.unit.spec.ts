/**
 * An edge's audience mirror (edge-mirror.ts) on a fake server and core: a gap seen while a load
 * is under way loads again after it, so a load asked of a core that was not back yet (its answer
 * never comes, the call times out) does not leave the mirror behind.
 */
import { describe, expect, test } from 'vitest';
import type { ContestState, PositionedEvent } from '@leitai/shared';
import type { LeitaiServer } from '../net/socket-gateway.ts';
import { AUDIENCE_EVENT, type AudienceEnvelope, type CoreCaller } from './cluster-rpc.ts';
import { AudienceMirrors } from './edge-mirror.ts';
import type { RedisLink, RedisLinkStatus } from './redis-link.ts';

const state = (version: number) => ({ contestId: 'k', version }) as ContestState;

function setup() {
  const handlers = new Map<string, (payload: unknown) => void>();
  const nsp = {
    on: (event: string, l: (p: unknown) => void) => void handlers.set(event, l),
    adapter: { rooms: new Map() },
  };
  const io = { of: () => nsp } as unknown as LeitaiServer;
  const linkListeners: ((s: RedisLinkStatus) => void)[] = [];
  const redis = { onChange: (l: (s: RedisLinkStatus) => void) => void linkListeners.push(l) } as unknown as RedisLink;
  /** The view calls asked of the core, each answered by the test. */
  const views: ((version: number | null) => void)[] = [];
  const call = ((req: { op: string }) =>
    req.op === 'view'
      ? new Promise((resolve) =>
          views.push((v) =>
            resolve(
              v === null
                ? { ok: false, error: { code: 'UNAVAILABLE', message: 'the core did not answer in time' } }
                : { ok: true, state: state(v) },
            ),
          ),
        )
      : Promise.resolve({ ok: true, mode: 'auto', words: [] })) as unknown as CoreCaller['call'];
  const mirrors = new AudienceMirrors(io, redis, call);
  const events = (...versions: number[]) =>
    handlers.get(AUDIENCE_EVENT)!({
      contestId: 'k',
      event: 'contest:events',
      payload: { contestId: 'k', events: versions.map((version) => ({ version }) as PositionedEvent) },
    } satisfies AudienceEnvelope);
  const linkUp = () => {
    for (const l of linkListeners) l({ up: true, since: 0, outages: 1, lastError: null });
  };
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return { mirrors, views, events, linkUp, settle };
}

describe('edge audience mirror', () => {
  test('a gap while a load is under way loads again after it; the newer view wins', async () => {
    const { mirrors, views, events, linkUp, settle } = setup();
    const ready = mirrors.ready('k');
    views.shift()!(3);
    expect(await ready).toBe(true);
    expect(mirrors.view('k')?.version).toBe(3);

    // Redis back: a load, asked perhaps of a core not yet back.
    linkUp();
    await settle();
    expect(views).toHaveLength(1);
    // The core's re-announced tail shows a gap: the load under way is not asked twice at once...
    events(6);
    await settle();
    expect(views).toHaveLength(1);
    // ...but once it has failed, the mirror asks again and catches up.
    views.shift()!(null);
    await settle();
    expect(views).toHaveLength(1);
    views.shift()!(6);
    await settle();
    expect(mirrors.view('k')?.version).toBe(6);
    expect(views).toHaveLength(0);
  });

  test('a phone waiting for the first load does not add another', async () => {
    const { mirrors, views, settle } = setup();
    const first = mirrors.ready('k');
    const second = mirrors.ready('k');
    views.shift()!(2);
    expect(await first).toBe(true);
    expect(await second).toBe(true);
    await settle();
    expect(views).toHaveLength(0);
  });
});
