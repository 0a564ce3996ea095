/**
 * Knowledge-round test support: a contest from a (modified) demo file, and simulated contestant
 * phones with their own one-way latencies and clock skew. A phone delays every emit by its uplink
 * delay and every receipt by its downlink delay, answers the server's `clock:probe` after the
 * round trip, syncs its clock with `clock:ping` the way the real client does (estimateClock),
 * and claims press times on its synced clock.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  estimateClock,
  type ClientCommand,
  type ClockEstimate,
  type ClockPong,
  type ClockSample,
  type CommandAck,
  type ContestFile,
  type Ack,
  sleep,
} from '@leitai/shared';
import { startLeitaiServer, systemClock, type LeitaiServerHandle, type Seat } from '@leitai/server';
import { connectScreen, newCommandId, tempDir, type Screen } from './harness.ts';

/** The server's clock (the test runs in the server's process). */
export const serverClock = (): number => systemClock.now();

export { sleep };
/** Sleep until server time `at`. */
export const sleepUntil = (at: number): Promise<void> => sleep(at - serverClock());

export interface KnowledgeContest {
  server: LeitaiServerHandle;
  url: string;
  contestId: string;
  token(role: Seat['role'], subjectId?: string): string;
  seat(role: Seat['role'], subjectId?: string): Seat;
  cleanup(): Promise<void>;
}

/** A server on port 0 with one contest created from `definition`. */
export async function startKnowledgeContest(definition: ContestFile, contestId = 'kq'): Promise<KnowledgeContest> {
  const dir = tempDir('leitai-kq-');
  const server = await startLeitaiServer({ dbFile: join(dir, 'leitai.sqlite'), port: 0 });
  const created = await server.service.create(definition, { contestId });
  if (!created.ok) throw new Error(created.error.message);
  const { seats } = created.contest;
  const seatOf = (role: Seat['role'], subjectId?: string): Seat => {
    const seat = seats.find((s) => s.role === role && (subjectId === undefined || s.subjectId === subjectId));
    if (!seat) throw new Error(`no seat ${role} ${subjectId ?? ''}`);
    return seat;
  };
  return {
    server,
    url: server.url,
    contestId: created.contest.contestId,
    token: (role, subjectId) => seatOf(role, subjectId).token,
    seat: seatOf,
    async cleanup() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface PhoneProfile {
  /** Phone → server delay, ms. */
  upMs: number;
  /** Server → phone delay, ms. */
  downMs: number;
  /** The phone's clock minus the server's, ms. */
  skewMs: number;
  /** A phone that cannot sync its clock: claims nothing, the server uses arrival order. */
  unsynced?: boolean;
  /** Answer probes as the real client does (clockHealth): with the estimate's uncertainty too. */
  reportsUncertainty?: boolean;
}

export class TestPhone {
  clock: ClockEstimate | null = null;
  private constructor(
    readonly contestantId: string,
    readonly screen: Screen,
    readonly profile: PhoneProfile,
  ) {}

  static async connect(
    url: string,
    token: string,
    contestantId: string,
    profile: PhoneProfile,
    deviceId?: string,
  ): Promise<TestPhone> {
    const screen = await connectScreen(url, deviceId ? { token, deviceId } : { token });
    const phone = new TestPhone(contestantId, screen, profile);
    screen.socket.on('clock:probe', (_probe, ack) => {
      // The probe reaches us after downMs; our ack reaches the server after upMs.
      setTimeout(
        () =>
          ack({
            synced: !profile.unsynced && phone.clock !== null,
            errorMs: phone.clock ? Math.round(phone.clock.error) : null,
            ...(profile.reportsUncertainty && phone.clock
              ? { uncertaintyMs: Math.round(phone.clock.uncertainty ?? phone.clock.error) }
              : {}),
          }),
        profile.downMs + profile.upMs,
      );
    });
    await phone.syncClock();
    return phone;
  }

  /** The phone's own (skewed) clock. */
  local(): number {
    return serverClock() + this.profile.skewMs;
  }

  /** NTP-style sampling over the delayed link, as the client's ClockSampler does. */
  async syncClock(samples = 6): Promise<void> {
    if (this.profile.unsynced) return;
    const got: ClockSample[] = [];
    for (let i = 0; i < samples; i++) {
      const t0 = this.local();
      await sleep(this.profile.upMs);
      const pong = (await this.screen.socket.timeout(3000).emitWithAck('clock:ping', { t0 })) as Ack<ClockPong>;
      await sleep(this.profile.downMs);
      if (pong.ok) got.push({ t0, serverTime: pong.serverTime, t1: this.local() });
    }
    this.clock = estimateClock(got);
  }

  /** Server time as this phone believes it. */
  synced(): number | null {
    return this.clock && !this.profile.unsynced ? this.local() + this.clock.offset : null;
  }

  /** Send a command over the delayed uplink. */
  async send(command: ClientCommand): Promise<CommandAck> {
    await sleep(this.profile.upMs);
    return (await this.screen.socket
      .timeout(5000)
      .emitWithAck('command:send', { commandId: newCommandId(), command })) as CommandAck;
  }

  /** Press the buzzer now: the claim is this phone's synced clock reading at the press. */
  press(run: number, attempt: number): Promise<CommandAck> {
    return this.send({ type: 'Buzz', data: { run, attempt, pressedAt: this.synced() } });
  }

  close(): void {
    this.screen.close();
  }
}
