/**
 * The moderator's indexes of one contest's audience, kept beside the room's folded state (memory
 * only, rebuilt from the audience stream when the room loads): each sender's history (their last
 * comments and what became of them, and what was done about them) and the counts per source and
 * per reason. Updated in place, one event at a time: O(1) per comment, however many senders.
 */
import { SENDER_HISTORY_LIMIT, type AudienceEvent, type AudienceState, type SenderHistory } from '@leitai/shared';

/** Why comments were held or turned away, as the moderator's counts name them. */
export type ModerationReason =
  'heldByFilter' | 'heldByMode' | 'trustedSkipped' | 'approved' | 'rejected' | 'banned' | 'muted';

export class ModerationIndex {
  private readonly senders = new Map<string, SenderHistory>();
  /** Comments posted per source ('leitai' for the audience page). */
  readonly bySource: Record<string, number> = {};
  readonly byReason: Record<ModerationReason, number> = {
    heldByFilter: 0,
    heldByMode: 0,
    trustedSkipped: 0,
    approved: 0,
    rejected: 0,
    banned: 0,
    muted: 0,
  };
  /** Queued comment id → sender (to find a decided comment's sender). */
  private readonly queuedBy = new Map<string, string>();

  history(deviceId: string): SenderHistory | null {
    return this.senders.get(deviceId) ?? null;
  }

  private sender(deviceId: string): SenderHistory {
    let h = this.senders.get(deviceId);
    if (!h) {
      h = { nickname: deviceId, posted: 0, approved: 0, rejected: 0, comments: [], actions: [] };
      this.senders.set(deviceId, h);
    }
    return h;
  }

  /** Take one event into the indexes; `before` is the state it was applied to, `at` its time. */
  observe(event: AudienceEvent, before: AudienceState, at: number): void {
    switch (event.type) {
      case 'CommentPosted': {
        const { comment, status } = event.data;
        const h = this.sender(comment.deviceId);
        h.nickname = comment.nickname;
        if (comment.source) h.source = comment.source;
        h.posted += 1;
        const src = comment.source ?? 'leitai';
        this.bySource[src] = (this.bySource[src] ?? 0) + 1;
        if (status === 'approved') {
          h.approved += 1;
          this.byReason.approved += 1;
          if (before.mode === 'review' && before.trusted[comment.deviceId]) this.byReason.trustedSkipped += 1;
        } else {
          this.queuedBy.set(comment.id, comment.deviceId);
          if (comment.held) this.byReason.heldByFilter += 1;
          else this.byReason.heldByMode += 1;
        }
        push(h.comments, {
          id: comment.id,
          text: comment.text,
          at: comment.at,
          status: status === 'approved' ? 'shown' : 'queued',
        });
        return;
      }
      case 'CommentsDecided': {
        const status = event.data.approve ? ('approved' as const) : ('rejected' as const);
        const queued = new Set(before.queue.map((c) => c.id));
        for (const id of event.data.ids) {
          if (!queued.has(id)) continue;
          const deviceId = this.queuedBy.get(id);
          this.queuedBy.delete(id);
          this.byReason[event.data.approve ? 'approved' : 'rejected'] += 1;
          const h = deviceId === undefined ? undefined : this.senders.get(deviceId);
          if (!h) continue;
          if (event.data.approve) h.approved += 1;
          else h.rejected += 1;
          const c = h.comments.find((x) => x.id === id);
          if (c) c.status = status;
        }
        return;
      }
      case 'SenderBanned': {
        const h = this.sender(event.data.deviceId);
        this.byReason.banned += 1;
        push(h.actions, { action: 'banned', at, detail: event.data.reason });
        return;
      }
      case 'SendersMuted': {
        for (const d of event.data.deviceIds) {
          this.byReason.muted += 1;
          push(this.sender(d).actions, {
            action: 'muted',
            at,
            detail: `level ${event.data.level} · ${event.data.strikes} · ${new Date(event.data.until).toISOString()}`,
          });
        }
        return;
      }
      case 'SenderTrusted':
        push(this.sender(event.data.deviceId).actions, {
          action: event.data.trusted ? 'trusted' : 'untrusted',
          at,
        });
        return;
      default:
        return;
    }
  }
}

function push<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > SENDER_HISTORY_LIMIT) list.splice(0, list.length - SENDER_HISTORY_LIMIT);
}
