/** What the API answers. Times are ISO-8601 with the event zone's offset. */
import type { Committee, DownloadKind, EventFormat, EventStatus, LocalizedKeywords } from './events';
import type { SessionType } from './programme';
import type { Language, LocalizedText } from './text';
import type { EventOrganiserView } from './accounts';
import type { RegistrationSettingsView } from './registrations';

export interface PersonPublicView {
  id: string;
  name: string;
  affiliation: string | null;
  /** Title or discipline, in French and/or English. */
  title: LocalizedText | null;
  bio: LocalizedText | null;
}
/** The organiser's view adds what must stay private. */
export interface PersonView extends PersonPublicView {
  email: string | null;
}

export interface TalkView {
  id: string;
  position: number;
  title: LocalizedText;
  abstract: LocalizedText | null;
  plannedMinutes: number;
  speakers: PersonPublicView[];
  /** The talk's files (slides, paper), in order: in the public views of a session, a person and an event. */
  materials?: DownloadView[];
}

export interface SessionView {
  id: string;
  type: SessionType;
  title: LocalizedText;
  description: LocalizedText | null;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  stage: string;
  language: Language;
  recorded: boolean;
  chairs: PersonPublicView[];
  panelists: PersonPublicView[];
  talks: TalkView[];
}

export interface CommitteeMemberView {
  person: PersonPublicView;
  role: LocalizedText | null;
}

export interface DownloadView {
  id: string;
  /** Null for the event's own files (poster, programme…), else the talk whose material it is. */
  talkId: string | null;
  kind: DownloadKind;
  title: LocalizedText;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  url: string;
}

export interface EventView {
  id: string;
  slug: string;
  status: EventStatus;
  title: LocalizedText;
  subtitle: LocalizedText | null;
  description: LocalizedText | null;
  mainLanguage: Language;
  timeZone: string;
  startDate: string;
  endDate: string;
  /** The first instant and the end of the last day, in the event's zone. */
  startsAt: string;
  endsAt: string;
  format: EventFormat;
  venue: { name: string; address?: string; city?: string; country?: string; url?: string } | null;
  /** One list per language ({} when there are none); pickKeywords chooses the reader's. */
  keywords: LocalizedKeywords;
  contact: { name?: string; email?: string; url?: string } | null;
  committees: Record<Committee, CommitteeMemberView[]>;
  /** The event's own files; the talks' materials are with their talks. */
  downloads: DownloadView[];
  registration: RegistrationSettingsView;
  qa: { anonymousNamesToModerators: boolean };
  publishedAt: string | null;
}

export interface EventWithProgrammeView extends EventView {
  sessions: SessionView[];
  /** On the public page: whether the event has a published call for communications (GET /api/public/events/:slug/call reads it). */
  callPublished?: boolean;
}

export interface EventSummaryView {
  id: string;
  slug: string;
  status: EventStatus;
  title: LocalizedText;
  subtitle: LocalizedText | null;
  mainLanguage: Language;
  timeZone: string;
  startDate: string;
  endDate: string;
  format: EventFormat;
}

export interface OrganiserEventView extends EventWithProgrammeView {
  organisers: EventOrganiserView[];
}

export interface PersonWithSessionsView extends PersonPublicView {
  sessions: Array<SessionView & { roles: Array<'chair' | 'speaker' | 'panelist'> }>;
}
