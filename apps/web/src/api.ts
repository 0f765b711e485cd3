import type {
  ErrorBody,
  EventSummaryView,
  EventWithProgrammeView,
  Language,
  PersonalSpaceView,
  PersonWithSessionsView,
  RecordingView,
  RegistrationView,
  SessionView,
} from '@amphi/contracts';

/** The header every request of the app carries (see call). */
export const CSRF_HEADER = 'X-Amphi-CSRF';

/** An answer other than 2xx, with the API's one error body `{ statusCode, code, message, fields?, details? }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody | null,
    /** Seconds, from Retry-After (429). */
    readonly retryAfterSeconds: number | null,
  ) {
    super(body?.message ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }
}

interface CallOptions {
  method?: 'GET' | 'POST' | 'DELETE' | 'PATCH' | 'PUT';
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as it is (a file), with its type. */
  raw?: { body: Blob; contentType: string };
  /** A bearer token (a personal link's); without one, the organiser's sign-in cookie goes with it. */
  token?: string;
  signal?: AbortSignal;
}

/**
 * The one way the app talks to the API: the sign-in cookie (same origin), X-Amphi-CSRF, an optional
 * bearer; an answer other than 2xx becomes an ApiError with the API's body. `call` reads the JSON,
 * a download the bytes.
 */
export async function request(path: string, options: CallOptions = {}): Promise<Response> {
  // X-Amphi-CSRF: the proof that the request comes from Amphi's own pages, which the API asks of every
  // state-changing request made with the organiser's sign-in cookie (a cross-site form cannot send a header).
  const headers: Record<string, string> = { accept: 'application/json', [CSRF_HEADER]: '1' };
  if (options.raw) headers['content-type'] = options.raw.contentType;
  else if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const res = await fetch(path, {
    method: options.method ?? 'GET',
    headers,
    body: options.raw ? options.raw.body : options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
    credentials: 'same-origin',
  });
  if (!res.ok) await readAnswer(res); // throws the ApiError
  return res;
}

export async function call<T>(path: string, options: CallOptions = {}): Promise<T> {
  return readAnswer<T>(await request(path, options));
}

/** The JSON of an answer, or an ApiError with the API's error body (and Retry-After) when it failed. */
export async function readAnswer<T>(res: Response): Promise<T> {
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    const retryAfter = Number(res.headers.get('retry-after'));
    const body = json && typeof json === 'object' && 'code' in json ? (json as ErrorBody) : null;
    throw new ApiError(res.status, body, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null);
  }
  return json as T;
}

export const eventPath = (slug: string) => `/api/public/events/${encodeURIComponent(slug)}`;

/**
 * What pages read: the public API (apps/api/src/public, recordings) and the personal space, typed by
 * @amphi/contracts. Calls that send a form are in api-forms.ts, with the zod schemas (loaded only there).
 */
export const api = {
  events: (signal?: AbortSignal) => call<EventSummaryView[]>('/api/public/events', { signal }),
  event: (slug: string, signal?: AbortSignal) => call<EventWithProgrammeView>(eventPath(slug), { signal }),
  session: (slug: string, sessionId: string, signal?: AbortSignal) =>
    call<SessionView>(`${eventPath(slug)}/sessions/${encodeURIComponent(sessionId)}`, { signal }),
  person: (slug: string, personId: string, signal?: AbortSignal) =>
    call<PersonWithSessionsView>(`${eventPath(slug)}/people/${encodeURIComponent(personId)}`, { signal }),
  recordings: (slug: string, filter: { personId?: string } = {}, signal?: AbortSignal) =>
    call<RecordingView[]>(`${eventPath(slug)}/recordings${filter.personId ? `?personId=${encodeURIComponent(filter.personId)}` : ''}`, { signal }),
  recording: (slug: string, recordingId: string, signal?: AbortSignal) =>
    call<RecordingView>(`${eventPath(slug)}/recordings/${encodeURIComponent(recordingId)}`, { signal }),
  me: (accessToken: string, signal?: AbortSignal) => call<PersonalSpaceView>('/api/me', { token: accessToken, signal }),
  cancelRegistration: (accessToken: string) => call<RegistrationView>('/api/me/registration/cancel', { method: 'POST', token: accessToken }),
};

/** Links the browser follows itself (downloads, calendars, feeds). */
export const links = {
  programmeIcs: (slug: string, lang: Language) => `${eventPath(slug)}/programme.ics?lang=${lang}`,
  sessionIcs: (slug: string, sessionId: string, lang: Language) => `${eventPath(slug)}/sessions/${encodeURIComponent(sessionId)}/calendar.ics?lang=${lang}`,
  podcast: (slug: string) => `${eventPath(slug)}/podcast.xml`,
};
