/** The host's results endpoints (Bearer host token): score history and the CSV / XLSX downloads. */
import type { ScoreChange } from '@leitai/shared';

export async function fetchHistory(
  contestId: string,
  contestantId: string,
  token: string,
  signal?: AbortSignal,
): Promise<ScoreChange[]> {
  const res = await fetch(
    `/api/contests/${encodeURIComponent(contestId)}/history/${encodeURIComponent(contestantId)}`,
    { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store', signal: signal ?? null },
  );
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return ((await res.json()) as { changes: ScoreChange[] }).changes;
}

/** The export's address: `?lang=en` for English headings and sheet names (the page's language). */
export function exportUrl(contestId: string, stageId: string, format: 'csv' | 'xlsx', lang: string): string {
  const path = `/api/contests/${encodeURIComponent(contestId)}/results/${encodeURIComponent(stageId)}/${format}`;
  return lang === 'en' ? `${path}?lang=en` : path;
}

/** Download an export through fetch (the token rides in a header, never in the URL), in the page's language. */
export async function downloadExport(
  contestId: string,
  stageId: string,
  format: 'csv' | 'xlsx',
  token: string,
  fileName: string,
  lang: string,
): Promise<void> {
  const res = await fetch(exportUrl(contestId, stageId, format, lang), {
    headers: { Authorization: `Bearer ${token}` },
    cache: 'no-store',
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = `${fileName}.${format}`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The print page's address: the host token in the fragment, as for every seat link. */
export function resultsSheetUrl(contestId: string, stageId: string, token: string): string {
  const params = new URLSearchParams({ token, contest: contestId, stage: stageId });
  return `/results.html#${params.toString()}`;
}
