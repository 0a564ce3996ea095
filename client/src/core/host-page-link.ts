/**
 * Host-only pages opened from the host panel (seat cards, import) learn the host token and the
 * contest from their URL fragment (`#token=…&contest=…`, never sent to the server), keep them in
 * this tab's sessionStorage so a reload still works, and wipe the fragment from the address bar.
 */
export interface HostPageLink {
  token: string;
  contestId: string;
}

/**
 * The address of a host page for this contest, with the token in the fragment; `query` (no
 * secrets: e.g. which written test) rides in the search part, so it survives a reload.
 */
export function hostPageUrl(
  page: 'cards' | 'authoring' | 'written-sheet',
  contestId: string,
  token: string,
  query?: Record<string, string>,
): string {
  const search = query ? `?${new URLSearchParams(query).toString()}` : '';
  return `/${page}.html${search}#${new URLSearchParams({ token, contest: contestId }).toString()}`;
}

export function takeHostPageLink(key: string, win: Window = window): HostPageLink | null {
  const storageKey = `leitai.${key}.link`;
  const params = new URLSearchParams(win.location.hash.replace(/^#/, ''));
  const token = params.get('token');
  const contestId = params.get('contest');
  if (token && contestId) {
    win.sessionStorage.setItem(storageKey, JSON.stringify({ token, contestId }));
    win.history.replaceState(win.history.state, '', win.location.pathname + win.location.search);
    return { token, contestId };
  }
  try {
    const parsed = JSON.parse(win.sessionStorage.getItem(storageKey) ?? 'null') as Partial<HostPageLink> | null;
    return parsed?.token && parsed.contestId ? { token: parsed.token, contestId: parsed.contestId } : null;
  } catch {
    return null;
  }
}
