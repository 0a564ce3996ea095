/**
 * The print page learns the host token, contest and stage from its URL fragment
 * (`#token=…&contest=…&stage=…`, never sent to the server), keeps them in this tab's
 * sessionStorage so a reload still works, and wipes the fragment from the address bar.
 */
const KEY = 'leitai.results.link';

export interface SheetLink {
  token: string;
  contestId: string;
  stageId: string;
}

export function takeSheetLink(win: Window = window): SheetLink | null {
  const params = new URLSearchParams(win.location.hash.replace(/^#/, ''));
  const token = params.get('token');
  const contestId = params.get('contest');
  const stageId = params.get('stage');
  if (token && contestId && stageId) {
    const link = { token, contestId, stageId };
    win.sessionStorage.setItem(KEY, JSON.stringify(link));
    win.history.replaceState(win.history.state, '', win.location.pathname + win.location.search);
    return link;
  }
  const stored = win.sessionStorage.getItem(KEY);
  if (!stored) return null;
  try {
    const parsed = JSON.parse(stored) as Partial<SheetLink>;
    return parsed.token && parsed.contestId && parsed.stageId
      ? { token: parsed.token, contestId: parsed.contestId, stageId: parsed.stageId }
      : null;
  } catch {
    return null;
  }
}
