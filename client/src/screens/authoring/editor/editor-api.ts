/** The editor's routes (docs/protocol-authoring.md): read a draft's contest file, replace it, create a contest. */
import type { ContestFile, ProblemText } from '@leitai/shared';

export interface SavedContest {
  contestId: string;
  /** The new host token (from the host seat's link). */
  hostToken: string | null;
  seats: { role: string; subjectId?: string; url: string }[];
}

export class SaveError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly zh: string,
    readonly problems: ProblemText[] = [],
  ) {
    super(message);
  }
}

export async function loadDraft(
  contestId: string,
  token: string,
): Promise<{ contest: ContestFile; started: string | null }> {
  const res = await fetch(`/api/contests/${encodeURIComponent(contestId)}/contest.json`, {
    headers: { Authorization: `Bearer ${token}` },
    cache: 'no-store',
  });
  const body = (await res.json().catch(() => null)) as {
    contest: ContestFile;
    started: string | null;
    error?: { message?: string; zh?: string };
  } | null;
  if (!res.ok || !body) {
    const m = body?.error?.message ?? `HTTP ${res.status}`;
    throw new SaveError(res.status, m, body?.error?.zh ?? m);
  }
  return { contest: body.contest, started: body.started };
}

const tokenOf = (url: string | undefined): string | null =>
  url ? new URLSearchParams(url.split('#')[1] ?? '').get('token') : null;

/** Save: replace the draft (PUT), or create the contest when there is none yet (POST, admin token). */
export async function saveDraft(contestId: string | null, token: string, file: ContestFile): Promise<SavedContest> {
  const res = await fetch(contestId ? `/api/contests/${encodeURIComponent(contestId)}/contest.json` : '/api/contests', {
    method: contestId ? 'PUT' : 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(file),
    cache: 'no-store',
  });
  const body = (await res.json().catch(() => null)) as
    (SavedContest & { error?: { message?: string; zh?: string }; problems?: ProblemText[] }) | null;
  if (!res.ok || !body) {
    const m = body?.error?.message ?? `HTTP ${res.status}`;
    throw new SaveError(res.status, m, body?.error?.zh ?? m, body?.problems ?? []);
  }
  return {
    contestId: body.contestId,
    seats: body.seats,
    hostToken: tokenOf(body.seats.find((s) => s.role === 'host')?.url),
  };
}
