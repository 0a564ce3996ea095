/**
 * The taker's unsent changes, kept in localStorage so that nothing answered is lost: answers
 * given offline, a refresh or a closed tab before the acknowledgement. Each change has its own
 * command id, reused on every retry, so the server applies it once. A newer answer to the same
 * question replaces an older one not yet sent (only the last choice matters); one already in
 * flight stays and is acknowledged in order.
 */
export type QueuedChange =
  | { kind: 'save'; commandId: string; questionId: string; choice: string[] }
  | { kind: 'focus'; commandId: string }
  | { kind: 'submit'; commandId: string };

export class AnswerQueue {
  private items: QueuedChange[];
  /** The command id being sent now (not to be replaced). */
  private inFlight: string | null = null;

  constructor(
    private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>,
    private readonly key: string,
  ) {
    this.items = AnswerQueue.read(storage, key);
  }

  private static read(storage: Pick<Storage, 'getItem'>, key: string): QueuedChange[] {
    try {
      const parsed = JSON.parse(storage.getItem(key) ?? '[]') as unknown;
      return Array.isArray(parsed) ? (parsed as QueuedChange[]) : [];
    } catch {
      return [];
    }
  }

  private persist(): void {
    if (this.items.length === 0) this.storage.removeItem(this.key);
    else this.storage.setItem(this.key, JSON.stringify(this.items));
  }

  /** Queue a change (stored before it is sent). */
  add(change: QueuedChange): void {
    if (change.kind === 'save') {
      this.items = this.items.filter(
        (c) => !(c.kind === 'save' && c.questionId === change.questionId && c.commandId !== this.inFlight),
      );
    }
    this.items.push(change);
    this.persist();
  }

  /** The next change to send, marked in flight; null when none or one is in flight. */
  next(): QueuedChange | null {
    if (this.inFlight !== null) return null;
    const first = this.items[0];
    if (!first) return null;
    this.inFlight = first.commandId;
    return first;
  }

  /** The server answered `commandId` (acknowledged, or refused for good): drop it. */
  done(commandId: string): void {
    this.items = this.items.filter((c) => c.commandId !== commandId);
    if (this.inFlight === commandId) this.inFlight = null;
    this.persist();
  }

  /** Sending failed (offline, timeout): keep it for the next attempt. */
  retryLater(commandId: string): void {
    if (this.inFlight === commandId) this.inFlight = null;
  }

  /** Unsent answers by question (the newest), to show over the server's. */
  pendingAnswers(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const c of this.items) if (c.kind === 'save') out[c.questionId] = c.choice;
    return out;
  }

  get size(): number {
    return this.items.length;
  }

  hasSubmit(): boolean {
    return this.items.some((c) => c.kind === 'submit');
  }
}
