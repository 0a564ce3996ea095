/** The seat links the host hands out, from `GET /api/contests/:contestId/seats`. */

/** One seat link. `url` is absolute and (except for the audience) carries a secret token in its fragment. */
export interface SeatLink {
  role: 'host' | 'judge' | 'contestant' | 'stage' | 'overlay' | 'live' | 'admin';
  subjectId?: string;
  name: string;
  /** A contestant's seat number and unit, a judge's title (for printed seat cards). */
  seat?: number;
  organisation?: string;
  title?: string;
  url: string;
  /** Server-drawn QR; unused: the panel draws its own from `url` so no markup is injected. */
  qrSvg?: string;
}

/** The response body of the seats endpoint. */
export interface SeatsResponse {
  contestId: string;
  title: string;
  joinCode: string;
  seats: SeatLink[];
}

/** A failed request, with the server's error code when it sent one. */
export class SeatsError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** GET a host-only JSON resource with the host's token as a bearer credential; a refusal throws a SeatsError. */
export async function fetchHostJson<T>(path: string, hostToken: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, {
    headers: { Authorization: `Bearer ${hostToken}`, Accept: 'application/json' },
    cache: 'no-store',
    signal: signal ?? null,
  });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    throw new SeatsError(
      typeof error?.code === 'string' ? error.code : `HTTP_${response.status}`,
      typeof error?.message === 'string' ? error.message : response.statusText || `HTTP ${response.status}`,
    );
  }
  return body as T;
}

/** Fetch the seat links with the host's token as a bearer credential. */
export function fetchSeats(contestId: string, hostToken: string, signal?: AbortSignal): Promise<SeatsResponse> {
  return fetchHostJson<SeatsResponse>(`/api/contests/${encodeURIComponent(contestId)}/seats`, hostToken, signal);
}
