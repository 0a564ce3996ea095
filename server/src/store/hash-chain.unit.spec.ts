import { createHash } from 'node:crypto';
import { expect, test } from 'vitest';
import { canonicalJson, ChainVerifier, eventHash, GENESIS_HASH } from './hash-chain.ts';

test('canonicalJson sorts keys at every depth and drops whitespace', () => {
  expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe(
    '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}',
  );
});

test('canonicalJson follows JSON.stringify for values JSON cannot hold', () => {
  const value = { u: undefined, f: () => 1, n: NaN, i: -Infinity, arr: [undefined, () => 1], d: new Date(0) };
  expect(canonicalJson(value)).toBe('{"arr":[null,null],"d":"1970-01-01T00:00:00.000Z","i":null,"n":null}');
  expect(canonicalJson(undefined)).toBe('null');
  expect(() => canonicalJson({ big: 1n })).toThrow(TypeError);
});

test('canonicalJson of parsed canonical text is the same text (export round trip)', () => {
  const text = canonicalJson({ 擂台: '"quoted"\n', list: [1.5, -0, 1e21, true, null], nested: { b: {}, a: [] } });
  expect(canonicalJson(JSON.parse(text))).toBe(text);
  expect(canonicalJson(JSON.parse(JSON.stringify(JSON.parse(text), null, 2)))).toBe(text);
});

test('eventHash is SHA-256 of the canonical array [previous, stream, version, type, data, metadata]', () => {
  const fields = { streamId: 's', version: 1, type: 'X', dataJson: '{"a":1}', metadataJson: '{}' };
  const expected = createHash('sha256')
    .update(canonicalJson([GENESIS_HASH, 's', 1, 'X', { a: 1 }, {}]))
    .digest('hex');
  expect(eventHash(GENESIS_HASH, fields)).toBe(expected);
  expect(eventHash('f'.repeat(64), fields)).not.toBe(expected);
});

function chain(rows: { streamId: string; data: unknown }[]) {
  const heads = new Map<string, { version: number; hash: string }>();
  return rows.map((row, i) => {
    const head = heads.get(row.streamId) ?? { version: 0, hash: GENESIS_HASH };
    const version = head.version + 1;
    const data = canonicalJson(row.data);
    const hash = eventHash(head.hash, {
      streamId: row.streamId,
      version,
      type: 'T',
      dataJson: data,
      metadataJson: '{}',
    });
    heads.set(row.streamId, { version, hash });
    return { position: i + 1, streamId: row.streamId, version, type: 'T', data, metadata: '{}', hash };
  });
}

test('ChainVerifier accepts a valid chain, including re-formatted JSON text', () => {
  const rows = chain([
    { streamId: 'a', data: { x: 1, y: 2 } },
    { streamId: 'b', data: [1] },
    { streamId: 'a', data: null },
  ]);
  const verifier = new ChainVerifier();
  for (const row of rows) verifier.check({ ...row, data: JSON.stringify(JSON.parse(row.data), null, 1) });
  expect(verifier.report()).toEqual({ ok: true, streams: 2, events: 3 });
});

test('ChainVerifier reports a content change at the changed event', () => {
  const rows = chain([
    { streamId: 'a', data: 1 },
    { streamId: 'a', data: 2 },
    { streamId: 'a', data: 3 },
  ]);
  const verifier = new ChainVerifier();
  for (const row of rows) verifier.check(row.position === 2 ? { ...row, data: '22' } : row);
  expect(verifier.report()).toMatchObject({ ok: false, firstBroken: { streamId: 'a', version: 2, position: 2 } });
});

test('ChainVerifier reports a re-hashed change at the next event of the stream', () => {
  const rows = chain([
    { streamId: 'a', data: 1 },
    { streamId: 'b', data: 2 },
    { streamId: 'a', data: 3 },
  ]);
  const forged = { ...rows[0]!, data: '11' };
  forged.hash = eventHash(GENESIS_HASH, { ...forged, dataJson: '11', metadataJson: '{}' });
  const verifier = new ChainVerifier();
  for (const row of [forged, rows[1]!, rows[2]!]) verifier.check(row);
  expect(verifier.report().firstBroken).toMatchObject({ streamId: 'a', version: 2, position: 3 });
});

test('ChainVerifier reports a missing version and unparsable JSON', () => {
  const rows = chain([
    { streamId: 'a', data: 1 },
    { streamId: 'a', data: 2 },
    { streamId: 'a', data: 3 },
  ]);
  const gap = new ChainVerifier();
  for (const row of [rows[0]!, rows[2]!]) gap.check(row);
  expect(gap.report().firstBroken).toMatchObject({ version: 3, reason: 'version 3 where 2 was expected' });
  const garbled = new ChainVerifier();
  garbled.check({ ...rows[0]!, data: '{' });
  expect(garbled.report()).toMatchObject({ ok: false, streams: 1, events: 1, firstBroken: { position: 1 } });
});
