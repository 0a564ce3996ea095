/** The import routes (docs/protocol-authoring.md): preview and confirm take the file's bytes as the body. */
import type { ApplySummary, ImportIssue, Question, Contestant, Judge } from '@leitai/shared';

export type ImportKind = 'questions' | 'roster';

export interface PreviewBody {
  ok: boolean;
  format: 'xlsx' | 'csv';
  encoding?: string;
  issues: ImportIssue[];
  /** Why the contest can no longer take an import, or null. */
  started: string | null;
  items?: { row: number; question: Question }[];
  contestants?: { row: number; contestant: Contestant; seed?: string }[] | null;
  judges?: { row: number; judge: Judge }[] | null;
}

export interface ConfirmBody {
  replaced: string;
  contestId: string;
  seats: { role: string; subjectId?: string; url: string }[];
  summary: ApplySummary;
}

/** An error answer: the English message and its Chinese text, and the issues when the import was refused. */
export class ImportRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly zh: string,
    readonly issues: ImportIssue[] = [],
  ) {
    super(message);
  }
}

async function send<T>(url: string, token: string, file: Blob): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/octet-stream' },
    body: file,
    cache: 'no-store',
  });
  const body = (await res.json().catch(() => null)) as
    (T & { error?: { message?: string; zh?: string }; issues?: ImportIssue[] }) | null;
  if (!res.ok || !body) {
    const message = body?.error?.message ?? `HTTP ${res.status}`;
    throw new ImportRequestError(res.status, message, body?.error?.zh ?? message, body?.issues ?? []);
  }
  return body;
}

export const previewImport = (contestId: string, kind: ImportKind, token: string, file: Blob) =>
  send<PreviewBody>(`/api/contests/${encodeURIComponent(contestId)}/import/${kind}/preview`, token, file);

export const confirmImport = (contestId: string, kind: ImportKind, token: string, file: Blob) =>
  send<ConfirmBody>(`/api/contests/${encodeURIComponent(contestId)}/import/${kind}`, token, file);

/** Download the contest's bank or roster as XLSX (the request carries the token, so not a plain link). */
export async function downloadExport(contestId: string, kind: ImportKind, token: string, fileName: string) {
  const res = await fetch(`/api/contests/${encodeURIComponent(contestId)}/export/${kind}.xlsx`, {
    headers: { Authorization: `Bearer ${token}` },
    cache: 'no-store',
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
