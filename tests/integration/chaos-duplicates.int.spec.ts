/**
 * R2 — duplicates, property-based. A random sequence of host commands is sent once to one
 * contest; to a twin contest each command is sent 1–5 times concurrently over several sockets
 * of the host, with late re-sends of earlier commands shuffled in. The twin's log equals the
 * reference's (event types and data, timestamps aside) and every duplicate gets the original
 * acknowledgement. Fast in `npm test`; LEITAI_CHAOS_LONG=1 runs many more sequences.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import fc from 'fast-check';
import { DEMO_CONTEST, SCENES, type ClientCommand, type CommandAck } from '@leitai/shared';
import { contestStream } from '@leitai/server';
import { connectScreen, newCommandId, startWithDemo, type Screen, type TestContest } from '../support/harness.ts';
import { chaosScale, sleep } from '../support/chaos-support.ts';

let t: TestContest;
let runNo = 0;

beforeAll(async () => {
  t = await startWithDemo();
});
afterAll(async () => {
  await t.cleanup();
});

const segmentIds = DEMO_CONTEST.stages.flatMap((s) => s.segments.map((g) => g.id));
const contestantIds = DEMO_CONTEST.contestants.map((c) => c.id);
const command: fc.Arbitrary<ClientCommand> = fc.oneof(
  fc.constantFrom(...SCENES).map((scene): ClientCommand => ({ type: 'ChooseScene', data: { scene } })),
  fc
    .option(fc.constantFrom(...contestantIds), { nil: null })
    .map((contestantId): ClientCommand => ({ type: 'SetCurrentContestant', data: { contestantId } })),
  fc.constant<ClientCommand>({ type: 'StartStage', data: { stageId: 'final' } }),
  fc.constantFrom(...segmentIds).map((segmentId): ClientCommand => ({ type: 'StartSegment', data: { segmentId } })),
  fc.constantFrom(...segmentIds).map((segmentId): ClientCommand => ({ type: 'FinishSegment', data: { segmentId } })),
);

/** Send, retrying while rate-limited (as the client's sender does), keeping the commandId. */
async function send(screen: Screen, c: ClientCommand, commandId: string): Promise<CommandAck> {
  for (;;) {
    const ack = await screen.send(c, commandId);
    if (ack.ok || ack.error.code !== 'RATE_LIMITED') return ack;
    await sleep(60);
  }
}

/** The log's events without device seats and timestamps: what must match between the twins. */
function logOf(contestId: string): unknown[] {
  const strip = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(strip)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .filter(([k]) => k !== 'at' && k !== 'createdAt' && k !== 'contestId')
              .map(([k, x]) => [k, strip(x)]),
          )
        : v;
  return t.server.store
    .readStream(contestStream(contestId))
    .filter((e) => e.type !== 'DeviceSeated' && e.type !== 'DeviceLeft' && e.type !== 'ContestCreated')
    .map((e) => ({ type: e.type, data: strip(e.data) }));
}

test('R2: commands re-sent 1–5 times, shuffled, leave the same log as sending once; duplicates get the original ack', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.tuple(command, fc.integer({ min: 1, max: 5 }), fc.array(fc.nat(), { maxLength: 3 })), {
        minLength: 3,
        maxLength: 12,
      }),
      fc.infiniteStream(fc.nat()),
      async (steps, shuffleSeed) => {
        runNo += 1;
        const ids = { ref: `r2-ref-${runNo}`, twin: `r2-twin-${runNo}` };
        const refSeats = await t.server.service.create(DEMO_CONTEST, { contestId: ids.ref });
        const twinSeats = await t.server.service.create(DEMO_CONTEST, { contestId: ids.twin });
        if (!refSeats.ok || !twinSeats.ok) throw new Error('could not create contests');
        const tokenOf = (c: typeof refSeats) => c.contest.seats.find((s) => s.role === 'host')!.token;
        const ref = await connectScreen(t.server.url, { token: tokenOf(refSeats), deviceId: 'r2-ref-host' });
        const twins = await Promise.all(
          [1, 2, 3].map(() => connectScreen(t.server.url, { token: tokenOf(twinSeats), deviceId: 'r2-twin-host' })),
        );
        const pick = shuffleSeed[Symbol.iterator]();
        const next = () => pick.next().value as number;
        try {
          const sent: { c: ClientCommand; id: string; ack: CommandAck; appended: boolean }[] = [];
          for (const [c, copies, late] of steps) {
            const id = newCommandId();
            const versionBefore = t.server.store.streamVersion(contestStream(ids.twin));
            // Command ids are global to the store, so the reference uses its own.
            const refAck = await send(ref, c, newCommandId());
            // The twin: `copies` concurrent copies over random host sockets, plus late re-sends of
            // earlier acknowledged commands, all in a shuffled order.
            const batch: { c: ClientCommand; id: string; expect?: CommandAck }[] = Array.from(
              { length: copies },
              () => ({ c, id }),
            );
            // Only commands that appended are recorded; a command that decided nothing (e.g. choosing
            // the scene already shown) is decided afresh when re-sent — see docs/reliability.md.
            const earlier = sent.filter((s) => s.appended);
            for (const n of late) {
              const e = earlier[n % Math.max(1, earlier.length)];
              if (e) batch.push({ c: e.c, id: e.id, expect: e.ack });
            }
            for (let i = batch.length - 1; i > 0; i--) {
              const j = next() % (i + 1);
              [batch[i], batch[j]] = [batch[j]!, batch[i]!];
            }
            const acks = await Promise.all(batch.map((b) => send(twins[next() % twins.length]!, b.c, b.id)));
            const own = acks.filter((_, i) => batch[i]!.id === id);
            // Every copy of the new command got one and the same acknowledgement…
            for (const a of own) expect(a).toEqual(own[0]);
            // …with the same outcome as sending it once.
            expect(own[0]!.ok).toBe(refAck.ok);
            if (!refAck.ok && !own[0]!.ok) expect(own[0]!.error.code).toBe(refAck.error.code);
            // A late duplicate gets the original acknowledgement.
            acks.forEach((a, i) => {
              const expected = batch[i]!.expect;
              if (expected) expect(a).toEqual(expected);
            });
            const first = own[0]!;
            sent.push({ c, id, ack: first, appended: first.ok && first.position > versionBefore });
          }
          await t.server.service.get(ids.twin)!.drain();
          await t.server.service.get(ids.ref)!.drain();
          expect(logOf(ids.twin)).toEqual(logOf(ids.ref));
          // One appended result per distinct command, never more.
          const commandIds = t.server.store
            .readStream(contestStream(ids.twin))
            .map((e) => (e.metadata as { commandId?: string }).commandId)
            .filter((x): x is string => !!x && !x.startsWith('dl-'));
          // Exactly the commands that appended are recorded, each once.
          expect(new Set(commandIds)).toEqual(new Set(sent.filter((s) => s.appended).map((s) => s.id)));
        } finally {
          ref.close();
          for (const s of twins) s.close();
        }
      },
    ),
    {
      numRuns: chaosScale(15, 150),
      interruptAfterTimeLimit: chaosScale(40_000, 280_000),
      ...(process.env.LEITAI_CHAOS_SEED ? { seed: Number(process.env.LEITAI_CHAOS_SEED) } : {}),
    },
  );
});
