/**
 * A comment from a source other than a phone's socket (a platform's danmaku feed) goes through
 * `audience.submitComment`: cleaned and length-checked like a phone's, decided by the same rules
 * (mode, word filter, review queue), stored before it is acknowledged, and shown like any other.
 */
import { describe, expect, it } from 'vitest';
import { audienceStreamId } from '@leitai/shared';

import { ask, queueOf, recordFrames } from '../support/audience-clients.ts';
import { audienceBench } from '../support/audience-bench.ts';

const bench = audienceBench();

describe('audience: a comment from another source', () => {
  it('is cleaned, filtered, queued or shown by the same rules, and stored when acknowledged', async () => {
    const contest = await bench.start({});
    const c = contest;
    const host = await recordFrames(c.server.url, { token: c.token('host') });
    const stage = await recordFrames(c.server.url, { token: c.token('stage') });
    bench.keep(host, stage);
    const from = { contestId: c.contestId, senderId: 'feed:1001' };
    const audience = c.server.audience;

    // Review mode (the demo's): queued for the host, with the source's sender id.
    const queued = await audience.submitComment(from, { text: ' 讲得\u200b好 ' });
    expect(queued).toMatchObject({ ok: true, status: 'queued' });
    await host.waitFor(() => queueOf(host).length === 1, 3000, 'queued');
    const held = host.moderation.flatMap((f) => f.added)[0];
    expect(held).toMatchObject({ text: '讲得好', deviceId: 'feed:1001' });
    const stored = c.server.service.store.readStream(audienceStreamId(c.contestId));
    expect(stored.map((e) => e.type)).toContain('CommentPosted');

    // Refused like a phone's: empty (once cleaned) or too long.
    expect(await audience.submitComment(from, { text: ' \u200b ' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(await audience.submitComment(from, { text: '长'.repeat(41) })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });

    // Auto mode: shown on the stage at once.
    expect(await ask(host.socket, 'moderation:mode', { mode: 'auto' })).toMatchObject({ ok: true });
    expect(await audience.submitComment(from, { text: '选手加油', color: 'gold' })).toMatchObject({
      ok: true,
      status: 'shown',
    });
    await stage.waitFor(() => stage.comments().some((x) => x.text === '选手加油'), 3000, 'shown');

    // Banned by the host: the source's sender is muted like a phone.
    expect(await ask(host.socket, 'moderation:ban', { commentId: held?.id })).toMatchObject({ ok: true });
    expect(await audience.submitComment(from, { text: '再来' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', refusal: 'muted' },
    });
  });

  it("carries the platform's badge and the sender's nickname there; a bad nickname is refused", async () => {
    const contest = await bench.start({});
    const c = contest;
    const host = await recordFrames(c.server.url, { token: c.token('host') });
    const stage = await recordFrames(c.server.url, { token: c.token('stage') });
    bench.keep(host, stage);
    const audience = c.server.audience;
    expect(await ask(host.socket, 'moderation:mode', { mode: 'auto' })).toMatchObject({ ok: true });

    const from = {
      contestId: c.contestId,
      senderId: 'bilibili:77',
      source: 'bilibili' as const,
      nickname: ' 小\u200b明 ',
    };
    expect(await audience.submitComment(from, { text: '好看' })).toMatchObject({ ok: true, status: 'shown' });
    await stage.waitFor(() => stage.comments().some((x) => x.text === '好看'), 3000, 'shown');
    const shown = stage.comments().find((x) => x.text === '好看');
    expect(shown).toMatchObject({ nickname: '小明', source: 'bilibili' });
    expect(JSON.stringify(stage.frames)).not.toContain('bilibili:77');

    expect(await audience.submitComment({ ...from, nickname: '名'.repeat(40) }, { text: '再看' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
  });
});
