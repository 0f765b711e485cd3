import type {
  DownloadMetadataInput,
  DownloadOrderInput,
  DownloadView,
  CreateEventInput,
  AcceptOrganiserInvitationInput,
  AcceptOrganiserInvitationResult,
  InviteCoOrganiserInput,
  InviteCoOrganiserResult,
  OrganiserInvitationPreview,
  OrganiserInvitationView,
  UpdatePersonInput,
  CreatePersonInput,
  CreateSessionInput,
  EventSummaryView,
  InvitationsResult,
  InvitationStatusView,
  ResendInvitationResult,
  LoginResult,
  OrganiserEventView,
  PersonView,
  RecordingAdminView,
  PodcastSettingsInput,
  PodcastSettingsView,
  TranscriptUpdateInput,
  TranscriptView,
  RecordingMetadataInput,
  RegistrationListView,
  SessionView,
  UpdateEventInput,
  UpdateSessionInput,
  ReminderSettings,
  OrganiserMessageDraft,
  OrganiserMessagePreview,
  OrganiserMessageView,
  SendOrganiserMessageInput,
} from '@amphi/contracts';
import './texts';
import { CSRF_HEADER, call, readAnswer, request } from '../../api';

// The organiser is known by the httpOnly sign-in cookie the login sets (organiser-session.ts): no token
// is kept where scripts could read it, and every call below is sent with the cookie and X-Amphi-CSRF.

type Method = 'GET' | 'POST' | 'DELETE' | 'PATCH' | 'PUT';
/** `call` with the sign-in cookie, written shorter for the many calls below. */
const authed = <T>(path: string, method: Method = 'GET', body?: unknown, signal?: AbortSignal): Promise<T> => call<T>(path, { method, body, signal });

const ev = (id: string) => `/api/events/${encodeURIComponent(id)}`;

/**
 * A multipart upload through XMLHttpRequest, the one browser API that reports how much of a request
 * body has gone out (fetch does not): `onProgress` gets 0…1. Answered and refused like `call`.
 */
function uploadWithProgress<T>(path: string, body: FormData, onProgress?: (sent: number) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader(CSRF_HEADER, '1');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      const headers = new Headers();
      const retryAfter = xhr.getResponseHeader('retry-after');
      if (retryAfter) headers.set('retry-after', retryAfter);
      readAnswer<T>(new Response(xhr.status === 204 ? null : xhr.responseText, { status: xhr.status, headers })).then(resolve, reject);
    };
    // Said as fetch says it, so that the error texts know it for a network failure.
    xhr.onerror = () => reject(new TypeError('Failed to fetch'));
    xhr.send(body);
  });
}

export const organiserApi = {
  login: (email: string, password: string) => call<LoginResult>('/api/auth/login', { method: 'POST', body: { email, password } }),
  events: (signal?: AbortSignal) => authed<EventSummaryView[]>('/api/events', 'GET', undefined, signal),
  createEvent: (input: CreateEventInput) => authed<OrganiserEventView>('/api/events', 'POST', input),
  event: (id: string, signal?: AbortSignal) => authed<OrganiserEventView>(ev(id), 'GET', undefined, signal),
  updateEvent: (id: string, input: UpdateEventInput) => authed<OrganiserEventView>(ev(id), 'PATCH', input),
  publish: (id: string) => authed<OrganiserEventView>(`${ev(id)}/publish`, 'POST'),
  unpublish: (id: string) => authed<OrganiserEventView>(`${ev(id)}/unpublish`, 'POST'),
  people: (id: string, signal?: AbortSignal) => authed<PersonView[]>(`${ev(id)}/people`, 'GET', undefined, signal),
  addPerson: (id: string, input: CreatePersonInput) => authed<PersonView>(`${ev(id)}/people`, 'POST', input),
  deletePerson: (id: string, pid: string) => authed<void>(`${ev(id)}/people/${encodeURIComponent(pid)}`, 'DELETE'),
  updatePerson: (id: string, pid: string, input: UpdatePersonInput) => authed<PersonView>(`${ev(id)}/people/${encodeURIComponent(pid)}`, 'PATCH', input),
  organiserInvitations: (id: string, signal?: AbortSignal) => authed<OrganiserInvitationView[]>(`${ev(id)}/organiser-invitations`, 'GET', undefined, signal),
  inviteOrganiser: (id: string, input: InviteCoOrganiserInput) => authed<InviteCoOrganiserResult>(`${ev(id)}/organiser-invitations`, 'POST', input),
  withdrawOrganiserInvitation: (id: string, iid: string) => authed<void>(`${ev(id)}/organiser-invitations/${encodeURIComponent(iid)}`, 'DELETE'),
  removeOrganiser: (id: string, oid: string) => authed<void>(`${ev(id)}/organisers/${encodeURIComponent(oid)}`, 'DELETE'),
  /** The page of an invitation link (not signed in yet): the token goes in the body. */
  organiserInvitation: (token: string, signal?: AbortSignal) => call<OrganiserInvitationPreview>('/api/organiser-invitations/preview', { method: 'POST', body: { token }, signal }),
  acceptOrganiserInvitation: (input: AcceptOrganiserInvitationInput) => call<AcceptOrganiserInvitationResult>('/api/organiser-invitations/accept', { method: 'POST', body: input }),
  invite: (id: string) => authed<InvitationsResult>(`${ev(id)}/invitations`, 'POST', {}),
  invitationStatuses: (id: string, signal?: AbortSignal) => authed<InvitationStatusView[]>(`${ev(id)}/invitations`, 'GET', undefined, signal),
  /** The same link while it works; replaceLink: a new one, the old one stops (asked to the organiser first). */
  inviteAgain: (id: string, pid: string, replaceLink = false) => authed<ResendInvitationResult>(`${ev(id)}/people/${encodeURIComponent(pid)}/invitation`, 'POST', { replaceLink }),
  createSession: (id: string, input: CreateSessionInput) => authed<SessionView>(`${ev(id)}/sessions`, 'POST', input),
  updateSession: (id: string, sid: string, input: UpdateSessionInput) => authed<SessionView>(`${ev(id)}/sessions/${sid}`, 'PATCH', input),
  deleteSession: (id: string, sid: string) => authed<void>(`${ev(id)}/sessions/${encodeURIComponent(sid)}`, 'DELETE'),
  registrations: (id: string, query: { q?: string; status?: string }, signal?: AbortSignal) => {
    const params = new URLSearchParams();
    if (query.q) params.set('q', query.q);
    if (query.status) params.set('status', query.status);
    const qs = params.toString();
    return authed<RegistrationListView>(`${ev(id)}/registrations${qs ? `?${qs}` : ''}`, 'GET', undefined, signal);
  },
  recordings: (id: string, signal?: AbortSignal) => authed<RecordingAdminView[]>(`${ev(id)}/recordings`, 'GET', undefined, signal),
  upload: (id: string, sid: string, file: File) =>
    call<RecordingAdminView>(`${ev(id)}/sessions/${encodeURIComponent(sid)}/recordings`, { method: 'POST', raw: { body: file, contentType: file.type || 'application/octet-stream' } }),
  updateRecording: (id: string, rid: string, input: RecordingMetadataInput) => authed<RecordingAdminView>(`${ev(id)}/recordings/${rid}`, 'PATCH', input),
  publishRecording: (id: string, rid: string) => authed<RecordingAdminView>(`${ev(id)}/recordings/${rid}/publish`, 'POST'),
  retractRecording: (id: string, rid: string) => authed<RecordingAdminView>(`${ev(id)}/recordings/${rid}/retract`, 'POST'),
  consentException: (id: string, rid: string, reason: string) => authed<RecordingAdminView>(`${ev(id)}/recordings/${rid}/consent-exception`, 'POST', { reason }),
  deleteRecording: (id: string, rid: string) => authed<void>(`${ev(id)}/recordings/${rid}`, 'DELETE'),
  /** Queues the recording's processing again (podcast audio, then the transcript). */
  processRecording: (id: string, rid: string) => authed<RecordingAdminView>(`${ev(id)}/recordings/${encodeURIComponent(rid)}/process`, 'POST'),
  transcript: (id: string, rid: string, signal?: AbortSignal) => authed<TranscriptView>(`${ev(id)}/recordings/${encodeURIComponent(rid)}/transcript`, 'GET', undefined, signal),
  saveTranscript: (id: string, rid: string, input: TranscriptUpdateInput) => authed<TranscriptView>(`${ev(id)}/recordings/${encodeURIComponent(rid)}/transcript`, 'PUT', input),
  podcastSettings: (id: string, signal?: AbortSignal) => authed<PodcastSettingsView>(`${ev(id)}/podcast`, 'GET', undefined, signal),
  savePodcastSettings: (id: string, input: PodcastSettingsInput) => authed<PodcastSettingsView>(`${ev(id)}/podcast`, 'PUT', input),
  /** The artwork as it is (JPEG or PNG), its type in Content-Type. */
  uploadArtwork: (id: string, file: File) => call<PodcastSettingsView>(`${ev(id)}/podcast/artwork`, { method: 'PUT', raw: { body: file, contentType: file.type || 'application/octet-stream' } }),
  removeArtwork: (id: string) => call<PodcastSettingsView>(`${ev(id)}/podcast/artwork`, { method: 'DELETE' }),
  /** The event's own files (poster, programme…) and its talks' materials. */
  downloads: (id: string, signal?: AbortSignal) => authed<DownloadView[]>(`${ev(id)}/downloads`, 'GET', undefined, signal),
  uploadDownload: (id: string, meta: DownloadMetadataInput, file: File, onProgress?: (sent: number) => void) => {
    const body = new FormData();
    body.set('kind', meta.kind);
    if (meta.title.fr) body.set('title.fr', meta.title.fr);
    if (meta.title.en) body.set('title.en', meta.title.en);
    if (meta.talkId) body.set('talkId', meta.talkId);
    body.set('file', file, file.name);
    return uploadWithProgress<DownloadView>(`${ev(id)}/downloads`, body, onProgress);
  },
  reorderDownloads: (id: string, order: DownloadOrderInput) => authed<DownloadView[]>(`${ev(id)}/downloads/order`, 'PUT', order),
  deleteDownload: (id: string, did: string) => authed<void>(`${ev(id)}/downloads/${encodeURIComponent(did)}`, 'DELETE'),
  reminderSettings: (id: string, signal?: AbortSignal) => authed<ReminderSettings>(`${ev(id)}/reminder-settings`, 'GET', undefined, signal),
  saveReminderSettings: (id: string, input: ReminderSettings) => authed<ReminderSettings>(`${ev(id)}/reminder-settings`, 'PUT', input),
  messages: (id: string, signal?: AbortSignal) => authed<OrganiserMessageView[]>(`${ev(id)}/messages`, 'GET', undefined, signal),
  previewMessage: (id: string, draft: OrganiserMessageDraft) => authed<OrganiserMessagePreview>(`${ev(id)}/messages/preview`, 'POST', draft),
  /** The same idempotencyKey twice (a double click, a retry) sends once. */
  sendMessage: (id: string, input: SendOrganiserMessageInput) => authed<OrganiserMessageView>(`${ev(id)}/messages`, 'POST', input),
};

export const exportLinks = {
  /** A file as the organiser sees it, drafts included (the sign-in cookie goes with a plain link). */
  download: (id: string, did: string) => `${ev(id)}/downloads/${encodeURIComponent(did)}`,
  registrationsCsv: (id: string) => `${ev(id)}/registrations.csv`,
  questions: (id: string, sid: string, format: 'json' | 'csv') => `${ev(id)}/sessions/${encodeURIComponent(sid)}/questions.${format}`,
};

/** Fetches an export (with the sign-in cookie) and saves it as a file under the given name. */
export async function download(path: string, fileName: string): Promise<void> {
  const url = URL.createObjectURL(await (await request(path)).blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "2027-01-22T09:30" from an instant written with the event's offset: the wall time in the event's zone. */
export const wallTime = (iso: string) => iso.slice(0, 16);
