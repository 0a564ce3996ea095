import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Backoff, emptyCounters } from './adapter.ts';
import {
  HEADER_LENGTH,
  Op,
  ProtocolError,
  decodePackets,
  encodeCompressed,
  encodePacket,
  jsonBody,
} from './bilibili-protocol.ts';
import { sourceView } from './ingest-manager.ts';
import { JudgeThread } from './judge-thread.ts';
import { WordFilter } from '../audience/text-filter.ts';
import { DEFAULT_WORDS } from '../audience/default-words.ts';
import { SqliteSourceStore, type SourceRecord } from './source-store.ts';
import { parsePush, signPush, verifyPush } from './webhook.ts';

describe('bilibili packets', () => {
  it('a header of 16 bytes, big-endian, and bodies of several packets under zlib and brotli', () => {
    const p = encodePacket(Op.heartbeat, '', 1, 1);
    expect([...p]).toEqual([0, 0, 0, 16, 0, 16, 0, 1, 0, 0, 0, 2, 0, 0, 0, 1]);
    for (const ver of [2, 3] as const) {
      const frame = encodeCompressed([{ cmd: 'A' }, { cmd: 'B' }, { cmd: 'C' }], ver);
      expect(frame.readUInt16BE(6)).toBe(ver);
      const packets = decodePackets(frame);
      expect(packets.map((x) => (jsonBody(x) as { cmd: string }).cmd)).toEqual(['A', 'B', 'C']);
    }
    // Two packets in one frame, uncompressed.
    const two = Buffer.concat([
      encodePacket(Op.message, { cmd: 'X' }),
      encodePacket(Op.heartbeatReply, Buffer.alloc(4), 1),
    ]);
    expect(decodePackets(two).map((x) => x.op)).toEqual([Op.message, Op.heartbeatReply]);
  });

  it('a truncated or inconsistent header is a ProtocolError', () => {
    expect(() => decodePackets(Buffer.alloc(HEADER_LENGTH - 1))).toThrow(ProtocolError);
    const p = encodePacket(Op.message, { a: 1 });
    p.writeUInt32BE(p.length + 10, 0);
    expect(() => decodePackets(p)).toThrow(ProtocolError);
  });
});

describe('back-off', () => {
  it('grows exponentially to the cap, with jitter in the upper half, and resets', () => {
    const b = new Backoff(100, 1000, () => 1);
    expect([b.next(), b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual([100, 200, 400, 800, 1000, 1000]);
    b.reset();
    expect(new Backoff(100, 1000, () => 0).next()).toBe(50);
    expect(b.next()).toBe(100);
  });
});

describe('webhook signature', () => {
  it('verifies the exact bytes and the window', () => {
    const raw = Buffer.from('{"a":1}');
    const ts = 1_765_000_000;
    const headers = {
      'x-leitai-timestamp': String(ts),
      'x-leitai-signature': signPush('s3cret-s3cret-s3cret', ts, raw),
    };
    expect(verifyPush('s3cret-s3cret-s3cret', headers, raw, ts * 1000 + 1000)).toEqual({ ok: true });
    expect(verifyPush('other-secret-000000', headers, raw, ts * 1000).ok).toBe(false);
    expect(verifyPush('s3cret-s3cret-s3cret', headers, Buffer.from('{"a":2}'), ts * 1000).ok).toBe(false);
    expect(verifyPush('s3cret-s3cret-s3cret', headers, raw, ts * 1000 + 301_000).ok).toBe(false);
  });
  it('parses comments and likes, refuses the rest with a typed error', () => {
    const ok = parsePush({ items: [{ platform: 'wechat', sender: { id: 'a', name: 'b' }, text: 'hi' }] }, 'wechat', 5);
    expect(ok).toEqual({ ok: true, items: [{ kind: 'comment', sender: { id: 'a', name: 'b' }, text: 'hi', ts: 5 }] });
    const bad = parsePush({ platform: 'wechat', sender: { id: 'a' }, likes: 0 }, 'wechat', 5);
    expect(bad.ok).toBe(false);
  });
});

describe('source store and view', () => {
  const record: SourceRecord = {
    id: 's1',
    contestId: 'c1',
    kind: 'bilibili',
    platform: 'bilibili',
    name: '直播间',
    settings: { baseUrl: 'http://127.0.0.1:1', countLikes: true },
    secrets: { appId: '1', accessKeyId: 'AKID-visible?', accessKeySecret: 'SUPER-SECRET-VALUE', code: 'IDCODE-XYZ' },
    enabled: true,
    createdAt: 1,
  };

  it('keys are sealed at rest and read back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'leitai-ingest-'));
    try {
      const file = join(dir, 'db.sqlite');
      const store = new SqliteSourceStore(file);
      store.put(record);
      store.close();
      const wal = existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`).toString('latin1') : '';
      const bytes = readFileSync(file).toString('latin1') + wal;
      expect(bytes).toContain('http://127.0.0.1:1'); // the settings are plain
      for (const s of ['SUPER-SECRET-VALUE', 'IDCODE-XYZ', 'AKID-visible?']) expect(bytes).not.toContain(s);
      const again = new SqliteSourceStore(file);
      expect(again.list('c1')).toEqual([record]);
      again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the view carries which keys are set, never their values', () => {
    const health = { state: 'connected' as const, detail: null, retryAt: null, since: 1 };
    const view = sourceView(record, { health, counters: emptyCounters() });
    expect(view.keys).toEqual({ appId: true, accessKeyId: true, accessKeySecret: true, code: true });
    const text = JSON.stringify(view);
    for (const s of ['SUPER-SECRET-VALUE', 'IDCODE-XYZ', 'AKID-visible?']) expect(text).not.toContain(s);
  });
});

describe('judge thread', () => {
  it('judges in a worker thread with a copy of the filter, as the filter on the loop does', async () => {
    const filter = new WordFilter(DEFAULT_WORDS);
    const thread = new JudgeThread();
    try {
      const texts = ['你好', '傻B主持人', '这比赛有黑幕吧', '加我微信 abc12345'];
      const verdicts = await thread.judge(filter, texts);
      expect(verdicts).toEqual(texts.map((t) => filter.judge(t)));
      expect(verdicts?.map((v) => v.outcome)).toEqual(['pass', 'refuse', 'review', 'refuse']);
    } finally {
      await thread.close();
    }
  }, 30_000);
});
