/**
 * The first step of the warm standby (R14, docs/reliability.md): a follower that tails one
 * contest's log from a running primary and verifies its chain (`leitai follow`). It asks the
 * primary's log export (`GET /api/contests/:id/log`, host or admin token) every interval, and
 * accepts the answer only when
 *
 * - the whole text verifies as docs/log-format.md describes (verifyLogText: every hash, every
 *   link), and
 * - it extends the copy it already holds: the held lines are an exact prefix. A primary whose
 *   history changed under the follower (an edited or re-hashed event, a restore to an older
 *   backup) is a divergence, never silently followed.
 *
 * The verified copy is written whole to `out` (temporary file, then rename). It takes no part in
 * acknowledgement and cannot take over yet; each poll reads the whole log (fine for one
 * evening's contest; the standby proper will stream from a position).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { verifyLogText } from '../store/log-file.ts';

export type FollowResult =
  | { ok: true; events: number; added: number; head: string | null }
  | { ok: false; problem: 'unreachable' | 'refused' | 'broken' | 'diverged'; message: string };

export class LogFollower {
  private held = '';
  private events = 0;

  constructor(
    private readonly o: { primary: string; contestId: string; token: string; out: string; timeoutMs?: number },
  ) {
    if (existsSync(o.out)) {
      const text = readFileSync(o.out, 'utf8');
      const report = verifyLogText(text);
      if (!report.ok) throw new Error(`follow: the copy ${o.out} does not verify; move it aside to start afresh`);
      this.held = text;
      this.events = report.events;
    }
  }

  async poll(): Promise<FollowResult> {
    let text: string;
    try {
      const res = await fetch(`${this.o.primary.replace(/\/$/, '')}/api/contests/${this.o.contestId}/log`, {
        headers: { authorization: `Bearer ${this.o.token}` },
        signal: AbortSignal.timeout(this.o.timeoutMs ?? 5000),
      });
      if (!res.ok) return { ok: false, problem: 'refused', message: `${res.status} ${await res.text()}` };
      text = await res.text();
    } catch (e) {
      return { ok: false, problem: 'unreachable', message: e instanceof Error ? e.message : String(e) };
    }
    const report = verifyLogText(text);
    if (!report.ok) {
      const b = report.firstBroken;
      return {
        ok: false,
        problem: 'broken',
        message: `line ${b?.line}: ${b?.streamId} v${b?.version}: ${b?.reason ?? 'broken'}`,
      };
    }
    if (!text.startsWith(this.held)) {
      return {
        ok: false,
        problem: 'diverged',
        message: `the primary's log no longer starts with the ${this.events} events held here`,
      };
    }
    const added = report.events - this.events;
    if (added > 0) {
      writeFileSync(`${this.o.out}.partial`, text);
      renameSync(`${this.o.out}.partial`, this.o.out);
      this.held = text;
      this.events = report.events;
    }
    return { ok: true, events: this.events, added, head: report.heads.at(-1)?.hash ?? null };
  }
}
