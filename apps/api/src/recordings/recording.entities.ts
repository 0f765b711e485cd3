import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ConsentDecision, Language, LocalizedText, MediaProbe, PodcastCategory, RecordingFileKind, RecordingLicence, RecordingSource, RecordingStatus, TranscriptSegment } from '@amphi/contracts';
import { Session } from '../programme/session.entity';
import { Event } from '../events/event.entity';
import { Person } from '../people/person.entity';

const bigint = { transformer: { to: (v: number) => v, from: (v: string | null) => (v === null ? null : Number(v)) } };

/** A recording of one session: made by LiveKit Egress or uploaded; published only with consent. */
@Entity('recording')
@Index('ix_recording_event_published', ['eventId', 'publishedAt'])
@Index('ix_recording_session', ['sessionId'])
export class Recording {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') eventId: string;
  @ManyToOne(() => Event, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'event_id' }) event?: Event;
  @Column('uuid') sessionId: string;
  @ManyToOne(() => Session, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'session_id' }) session?: Session;
  @Column('text') source: RecordingSource;
  @Column('text') status: RecordingStatus;
  @Column('text', { nullable: true }) failureReason: string | null;
  /** LiveKit's egress ids (room composite video, and audio only), to match its webhooks. */
  @Column('text', { nullable: true, unique: true }) videoEgressId: string | null;
  @Column('text', { nullable: true, unique: true }) audioEgressId: string | null;
  @Column('jsonb') title: LocalizedText;
  @Column('jsonb', { nullable: true }) description: LocalizedText | null;
  @Column('text') language: Language;
  @Column('text', { default: 'all-rights-reserved' }) licence: RecordingLicence;
  @Column('int', { nullable: true }) durationSeconds: number | null;
  /** When the recording's first second was taken (chapters are measured from it). */
  @Column('timestamptz', { nullable: true }) startedAt: Date | null;
  @Column('timestamptz', { nullable: true }) endedAt: Date | null;
  @Column('timestamptz', { nullable: true }) publishedAt: Date | null;
  @Column('text', { nullable: true }) consentExceptionReason: string | null;
  @Column('text', { nullable: true }) consentExceptionBy: string | null;
  @Column('timestamptz', { nullable: true }) consentExceptionAt: Date | null;
  /** What ffprobe read of the original file (set by the podcast_audio job). */
  @Column('jsonb', { nullable: true }) probe: MediaProbe | null;
  /** Integrated loudness measured on the podcast file, in LUFS. */
  @Column('real', { nullable: true }) loudnessLufs: number | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @OneToMany(() => RecordingFile, (f) => f.recording) files?: RecordingFile[];
}

/** One stored file of a recording (the video, the audio for the podcast), with its checksum. */
@Entity('recording_file')
export class RecordingFile {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') recordingId: string;
  @ManyToOne(() => Recording, (r) => r.files, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'recording_id' }) recording?: Recording;
  @Column('text') kind: RecordingFileKind;
  @Column('text') storageKey: string;
  @Column('text') contentType: string;
  @Column('bigint', bigint) size: number;
  @Column('text') sha256: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/** A speaker's answer about publishing one recording. No row: not asked yet (pending). */
@Entity('recording_consent')
export class RecordingConsent {
  @PrimaryColumn('uuid') recordingId: string;
  @PrimaryColumn('uuid') personId: string;
  @ManyToOne(() => Recording, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'recording_id' }) recording?: Recording;
  @ManyToOne(() => Person, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'person_id' }) person?: Person;
  @Column('text') decision: Exclude<ConsentDecision, 'pending'>;
  @Column('timestamptz') decidedAt: Date;
}

/** The transcript of a recording, made offline by the transcript job, corrected by organisers. */
@Entity('recording_transcript')
export class RecordingTranscript {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_recording_transcript' }) recordingId: string;
  @ManyToOne(() => Recording, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'recording_id', foreignKeyConstraintName: 'fk_recording_transcript_recording' }) recording?: Recording;
  @Column('text') language: Language;
  @Column('text') engine: string;
  @Column('jsonb') segments: TranscriptSegment[];
  @Column('timestamptz', { nullable: true }) editedAt: Date | null;
  /** The organiser who last corrected it. */
  @Column('uuid', { nullable: true }) editedBy: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

/** An event's podcast: what the feed says beyond the event itself. No row: every default. */
@Entity('podcast_settings')
export class PodcastSettings {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_podcast_settings' }) eventId: string;
  @ManyToOne(() => Event, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'fk_podcast_settings_event' }) event?: Event;
  @Column('text', { nullable: true }) ownerName: string | null;
  @Column('text', { nullable: true }) ownerEmail: string | null;
  @Column('text', { nullable: true }) author: string | null;
  @Column('jsonb', { default: () => `'["Science", "Education"]'` }) categories: PodcastCategory[];
  @Column('boolean', { default: false }) explicit: boolean;
  /** An uploaded artwork in storage (null: generated from the event's title). */
  @Column('text', { nullable: true }) artworkKey: string | null;
  @Column('text', { nullable: true }) artworkContentType: string | null;
  @Column('int', { nullable: true }) artworkWidth: number | null;
  @Column('int', { nullable: true }) artworkHeight: number | null;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
