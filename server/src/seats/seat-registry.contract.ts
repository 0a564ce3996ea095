/**
 * The one contract suite every `SeatRegistry` implementation runs (style habit 6), as
 * `event-store.contract.ts` does for `EventStore`: the in-memory twin must behave as the SQLite
 * registry does. Call it from an implementation's `*.unit.spec.ts`; it defines flat `test()`
 * cases prefixed with `name`.
 */
import { expect, test } from 'vitest';
import type { SeatRegistry } from './seat-registry.ts';

/** A fresh, empty registry, how to dispose of it, and (for a durable one) how to open it again. */
export interface SeatRegistryFixture {
  registry: SeatRegistry;
  cleanup: () => void;
  /** Closes the registry and opens a new one on the same storage (durable implementations only). */
  reopen?: () => SeatRegistry;
}

/**
 * Defines the contract tests for the registry that `make` creates. `durable` adds the test that
 * seats and revocations survive a reopen (the fixture must then provide `reopen`).
 */
export function seatRegistryContract(
  name: string,
  make: () => SeatRegistryFixture,
  options: { durable?: boolean } = {},
): void {
  function withRegistry(body: (fixture: SeatRegistryFixture) => void): void {
    const fixture = make();
    try {
      body(fixture);
    } finally {
      fixture.cleanup();
    }
  }

  test(`${name}: issues a seat with a 256-bit base64url token, and a subject only when one is given`, () =>
    withRegistry(({ registry }) => {
      const judge = registry.issue('c1', 'judge', 'j1');
      expect(judge).toEqual({ token: judge.token, contestId: 'c1', role: 'judge', subjectId: 'j1', revoked: false });
      expect(judge.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const stage = registry.issue('c1', 'stage');
      expect(stage).toEqual({ token: stage.token, contestId: 'c1', role: 'stage', revoked: false });
      expect(Object.hasOwn(stage, 'subjectId')).toBe(false);
      expect(registry.issue('*', 'admin')).toMatchObject({ contestId: '*', role: 'admin', revoked: false });
    }));

  test(`${name}: finds a seat by its token; an unknown token finds nothing`, () =>
    withRegistry(({ registry }) => {
      const seat = registry.issue('c1', 'contestant', 'c07');
      expect(registry.byToken(seat.token)).toEqual(seat);
      expect(registry.byToken('x'.repeat(43))).toBeUndefined();
      expect(registry.byToken('')).toBeUndefined();
    }));

  test(`${name}: every token is new`, () =>
    withRegistry(({ registry }) => {
      const tokens = Array.from({ length: 50 }, (_, i) => registry.issue('c1', 'contestant', `c${i}`).token);
      expect(new Set(tokens).size).toBe(50);
    }));

  test(`${name}: lists a contest's seats in the order they were issued, and no other contest's`, () =>
    withRegistry(({ registry }) => {
      const host = registry.issue('c1', 'host');
      registry.issue('c2', 'host');
      const judge = registry.issue('c1', 'judge', 'j1');
      const overlay = registry.issue('c1', 'overlay');
      expect(registry.forContest('c1')).toEqual([host, judge, overlay]);
      expect(registry.forContest('c2').map((s) => s.contestId)).toEqual(['c2']);
      expect(registry.forContest('nope')).toEqual([]);
    }));

  test(`${name}: a revoked seat stays listed and found, marked revoked; nothing else changes`, () =>
    withRegistry(({ registry }) => {
      const a = registry.issue('c1', 'host');
      const b = registry.issue('c1', 'judge', 'j1');
      registry.revoke(a.token);
      expect(registry.byToken(a.token)).toEqual({ ...a, revoked: true });
      expect(registry.byToken(b.token)).toEqual(b);
      expect(registry.forContest('c1').map((s) => s.revoked)).toEqual([true, false]);
      // Revoking again, or a token never issued, is a no-op.
      registry.revoke(a.token);
      registry.revoke('no-such-token');
      expect(registry.forContest('c1').map((s) => s.revoked)).toEqual([true, false]);
    }));

  test(`${name}: a seat handed out is a copy: a later revoke does not change it, nor does changing it change the registry`, () =>
    withRegistry(({ registry }) => {
      const issued = registry.issue('c1', 'host');
      const read = registry.byToken(issued.token)!;
      registry.revoke(issued.token);
      expect(issued.revoked).toBe(false);
      expect(read.revoked).toBe(false);
      const again = registry.byToken(issued.token)!;
      again.revoked = false;
      again.contestId = 'elsewhere';
      expect(registry.byToken(issued.token)).toMatchObject({ contestId: 'c1', revoked: true });
    }));

  if (!options.durable) return;
  test(`${name}: keeps its seats and revocations across a reopen`, () =>
    withRegistry((fixture) => {
      if (!fixture.reopen) throw new Error('a durable fixture must provide reopen');
      const kept = fixture.registry.issue('c1', 'judge', 'j2');
      const revoked = fixture.registry.issue('c1', 'host');
      fixture.registry.revoke(revoked.token);
      const reopened = fixture.reopen();
      expect(reopened.forContest('c1')).toEqual([kept, { ...revoked, revoked: true }]);
    }));
}
