import { z } from 'zod';
import type { SessionRole } from './registrations';

/**
 * Live rooms: one LiveKit room per session. Amphi decides who enters, with which rights and
 * when; the browser connects to LiveKit itself with the token it receives.
 */

/** scheduled → backstage (chairs and speakers) → live (attendees admitted) → ended. */
export const LIVE_STATES = ['scheduled', 'backstage', 'live', 'ended'] as const;
export type LiveState = (typeof LIVE_STATES)[number];

export interface LiveStateView {
  sessionId: string;
  state: LiveState;
  /** When chairs and speakers may enter (backstage), ISO-8601 with the event's offset. */
  backstageOpensAt: string;
  /** From when the chair may go live and attendees are let in. */
  doorsOpenAt: string;
  startsAt: string;
  endsAt: string;
  /** After this, nobody enters even if the chair did not end the session. */
  closesAt: string;
  wentLiveAt: string | null;
  endedAt: string | null;
  roomStartedAt: string | null;
  roomFinishedAt: string | null;
  /** Ended by a chair: until when a chair may reopen it (the end of the overrun window), else null. */
  reopenableUntil: string | null;
}

export interface LiveJoinView {
  /** The LiveKit server the browser connects to. */
  serverUrl: string;
  participantToken: string;
  /** Valid until (at most 10 minutes): ask for a new one to reconnect later. */
  expiresAt: string;
  roomName: string;
  /** Stable for a person across joins: r:<registration>, p:<person>, o:<organiser> (the same key as in the Q&A). */
  identity: string;
  role: SessionRole;
  canPublish: boolean;
  hidden: boolean;
  live: LiveStateView;
}

export interface LiveTrackView {
  sid: string;
  source: string;
  muted: boolean;
}

export interface LiveParticipantView {
  identity: string;
  name: string;
  role: SessionRole | null;
  onStage: boolean;
  hidden: boolean;
  joinedAt: string | null;
  tracks: LiveTrackView[];
}

export interface LiveRoomView {
  live: LiveStateView;
  participants: LiveParticipantView[];
}

const identity = z.string().regex(/^[rpo]:[0-9a-f-]{36}$/, 'must be a participant identity (r:…, p:… or o:…)');
export const stageInviteSchema = z.strictObject({ identity });
export const muteTrackSchema = z.strictObject({ identity, trackSid: z.string().min(1).max(100), muted: z.boolean().default(true) });
export const removeParticipantSchema = z.strictObject({ identity, reason: z.string().trim().min(1).max(300).optional() });

export type StageInviteInput = z.infer<typeof stageInviteSchema>;
export type MuteTrackInput = z.infer<typeof muteTrackSchema>;
export type RemoveParticipantInput = z.infer<typeof removeParticipantSchema>;
