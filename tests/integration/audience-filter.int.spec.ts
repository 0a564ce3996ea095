/**
 * The word filter's three outcomes through a real server and real sockets: refused at the gate,
 * held for a moderator even in auto mode, or shown; the organiser's own entries (`?word` holds,
 * `+phrase` allows) sent over `moderation:words` and read back in the moderator's word list.
 */
import { describe, expect, it } from 'vitest';
import { sleep, type ModerationFrame } from '@leitai/shared';

import { ask, queueOf, recordFrames, type FrameRecorder } from '../support/audience-clients.ts';
import { audienceBench } from '../support/audience-bench.ts';

const bench = audienceBench();

async function setup() {
  const contest = await bench.start({});
  const c = contest;
  const connect = async (auth: { token?: string; joinCode?: string }) => {
    const r = await recordFrames(c.server.url, auth);
    bench.keep(r);
    return r;
  };
  const host = await connect({ token: c.token('host') });
  const stage = await connect({ token: c.token('stage') });
  expect(await ask(host.socket, 'moderation:mode', { mode: 'auto' })).toEqual({ ok: true });
  return { host, stage, join: () => connect({ joinCode: c.joinCode }) };
}

/** The moderator's word list, from the latest frame that carried it. */
const wordsOf = (host: FrameRecorder): string[] =>
  host.moderation.reduce<string[]>((acc, f: ModerationFrame) => f.words ?? acc, []);

describe('audience filter: refuse, hold, pass', () => {
  it('auto mode: evasions are refused or held, held ones reach the stage only once approved', async () => {
    const { host, stage, join } = await setup();
    const phone = await join();
    // Refused at once: letters mixed in, homoglyphs, a number in Chinese numerals, a spaced link.
    for (const text of ['主持人是傻B吧', 'ѕһіt', '加微 一三八零零一三八零零零', 'abc 点 com']) {
      const p = await join(); // a fresh device each: strikes would cut one sender off
      expect({ text, ack: await ask(p.socket, 'audience:comment', { text }) }).toMatchObject({
        ack: { ok: false, error: { code: 'FORBIDDEN', message: 'comment not allowed' } },
      });
      p.close();
    }
    // Held for a moderator, although the mode is auto.
    const held = await ask(phone.socket, 'audience:comment', { text: '这比赛有黑幕吧' });
    expect(held).toMatchObject({ ok: true, status: 'queued' });
    // Shown at once: an ordinary comment, and one whose banned word sits in an allowed phrase.
    expect(await ask(phone.socket, 'audience:comment', { text: '废物利用也是节约' })).toMatchObject({
      ok: true,
      status: 'shown',
    });
    await host.waitFor(() => queueOf(host).includes(held.id ?? ''), 3000, 'held comment queued');
    // The moderator sees why it waits; the screens never get that field.
    const queued = host.moderation.flatMap((f) => f.added).find((c) => c.id === held.id);
    expect(queued).toMatchObject({ text: '这比赛有黑幕吧', held: ['黑幕'] });
    await stage.waitFor(() => stage.comments().length === 1, 3000, 'the allowed comment on stage');
    await sleep(400);
    expect(stage.comments().map((c) => c.text)).toEqual(['废物利用也是节约']);
    expect(await ask(host.socket, 'moderation:decide', { ids: [held.id], approve: true })).toEqual({ ok: true });
    await stage.waitFor(() => stage.comments().length === 2, 3000, 'the approved comment on stage');
    expect(stage.comments().map((c) => c.text)).toEqual(['废物利用也是节约', '这比赛有黑幕吧']);
    expect(Object.keys(stage.comments()[1] ?? {}).sort()).toEqual(['color', 'id', 'nickname', 'text']);
  });

  it("the organiser's entries: ?word holds, +phrase allows, removing restores, the list reads back", async () => {
    const { host, join } = await setup();
    expect(await ask(host.socket, 'moderation:words', { add: ['?内定', '+不是内定', '抄袭'] })).toEqual({ ok: true });
    await host.waitFor(() => wordsOf(host).includes('?内定'), 3000, 'list with the new entries');
    const words = wordsOf(host);
    expect(words).toEqual(expect.arrayContaining(['?内定', '+不是内定', '抄袭', '傻逼', '?黑幕', '+废物利用']));
    const phone = await join();
    expect(await ask(phone.socket, 'audience:comment', { text: '冠军是内定的' })).toMatchObject({
      ok: true,
      status: 'queued',
    });
    expect(await ask(phone.socket, 'audience:comment', { text: '冠军不是内定的' })).toMatchObject({
      ok: true,
      status: 'shown',
    });
    const other = await join();
    expect(await ask(other.socket, 'audience:comment', { text: '这是抄袭' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    // A shipped entry removed: 黑幕 no longer holds.
    expect(await ask(host.socket, 'moderation:words', { remove: ['?黑幕'] })).toEqual({ ok: true });
    await host.waitFor(() => !wordsOf(host).includes('?黑幕'), 3000, 'list without ?黑幕');
    expect(await ask(other.socket, 'audience:comment', { text: '有黑幕吗' })).toMatchObject({
      ok: true,
      status: 'shown',
    });
  });

  it('a nickname the filter would hold is refused (a nickname cannot wait for review)', async () => {
    const { join } = await setup();
    const phone = await join();
    expect(await ask(phone.socket, 'audience:nickname', { nickname: '黑幕揭秘者' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await ask(phone.socket, 'audience:nickname', { nickname: '红色记忆' })).toMatchObject({ ok: true });
  });
});
