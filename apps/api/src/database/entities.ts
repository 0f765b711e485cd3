import { Organiser } from '../accounts/organiser.entity';
import { OrganiserSession } from '../accounts/organiser-session.entity';
import { Event } from '../events/event.entity';
import { EventOrganiser } from '../events/event-organiser.entity';
import { CommitteeMember } from '../events/committee-member.entity';
import { Download } from '../events/download.entity';
import { OrganiserInvitation } from '../events/organiser-invitation.entity';
import { Person } from '../people/person.entity';
import { Session } from '../programme/session.entity';
import { SessionChair, SessionPanelist } from '../programme/session-person.entity';
import { Talk, TalkSpeaker } from '../programme/talk.entity';
import { Registration } from '../registrations/registration.entity';
import { PersonalLink } from '../access/personal-link.entity';
import { QaSession, Question, QuestionVote, RaisedHand } from '../qa/qa.entities';
import { Attendance, LiveRemoval, LiveRoom } from '../live/live.entities';
import { PodcastSettings, Recording, RecordingConsent, RecordingFile, RecordingTranscript } from '../recordings/recording.entities';
import { BackgroundJob } from '../jobs/background-job.entity';
import { OutboxMail } from '../mail/outbox-mail.entity';
import { CallForProposals, CallReviewer, Review, ReviewAssignment, ReviewerConflict, Submission, Submitter } from '../call/call.entities';
import { OrganiserMessage, ReminderDelivery, ReminderOptOut, ReminderSettingsRow, SessionChange } from '../messages/messages.entities';

/** Every entity, listed once for the app's and the CLI's data sources. */
export const ENTITIES = [Organiser, OrganiserSession, Event, EventOrganiser, CommitteeMember, Download, OrganiserInvitation, Person, Session, SessionChair, SessionPanelist, Talk, TalkSpeaker, OutboxMail, Registration, PersonalLink, QaSession, Question, QuestionVote, RaisedHand, LiveRoom, Attendance, LiveRemoval, Recording, RecordingFile, RecordingConsent, RecordingTranscript, PodcastSettings, BackgroundJob, ReminderSettingsRow, ReminderOptOut, ReminderDelivery, SessionChange, OrganiserMessage, CallForProposals, Submitter, Submission, CallReviewer, ReviewAssignment, Review, ReviewerConflict];
