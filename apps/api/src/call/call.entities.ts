import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type {
  CallQuestion,
  CallTheme,
  CallType,
  Decision,
  Language,
  LocalizedText,
  ProposalAuthor,
  ProposalFormat,
  Recommendation,
  ReviewCriterion,
} from '@amphi/contracts';
import { Event } from '../events/event.entity';
import { Person } from '../people/person.entity';

/** The call for communications of an event: at most one per event, its settings and its review form. */
@Entity('call_for_proposals')
export class CallForProposals {
  @PrimaryColumn('uuid') eventId: string;
  @ManyToOne(() => Event, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'event_id' }) event?: Event;
  @Column('boolean', { default: false }) published: boolean;
  @Column('timestamptz') opensAt: Date;
  @Column('timestamptz') closesAt: Date;
  /** Submitted proposals may be edited until then; null: until closesAt. */
  @Column('timestamptz', { nullable: true }) editableUntil: Date | null;
  @Column('jsonb', { nullable: true }) argument: LocalizedText | null;
  @Column('jsonb', { nullable: true }) instructions: LocalizedText | null;
  @Column('jsonb', { default: () => "'[]'" }) themes: CallTheme[];
  @Column('jsonb', { default: () => "'[]'" }) types: CallType[];
  @Column('jsonb', { default: () => "'{}'" }) fields: { keywords?: boolean; references?: boolean; language?: boolean; format?: boolean; theme?: boolean };
  @Column('jsonb', { default: () => "'[]'" }) questions: CallQuestion[];
  @Column('int', { nullable: true }) maxProposalsPerSubmitter: number | null;
  @Column('int', { default: 2 }) reviewersPerProposal: number;
  @Column('timestamptz', { nullable: true }) reviewDeadline: Date | null;
  @Column('boolean', { default: false }) anonymousReview: boolean;
  @Column('jsonb', { default: () => "'[]'" }) criteria: ReviewCriterion[];
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

/** Someone who proposes communications, without an account: they come back through a personal link (personal_link.submitter_id). */
@Entity('submitter')
// One submitter per address and event: signing up again mails a fresh link to the same proposals.
@Index('uq_submitter_event_email', ['eventId', 'email'], { unique: true })
export class Submitter {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') eventId: string;
  @ManyToOne(() => Event, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'event_id' }) event?: Event;
  @Column('text') name: string;
  /** Lower-cased. */
  @Column('text') email: string;
  @Column('text', { nullable: true }) affiliation: string | null;
  @Column('text') language: Language;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}

/**
 * A proposal of communication. Its lifecycle: draft → submitted (→ withdrawn) → a decision prepared
 * by the organisers → sent (decisionSentAt) → confirmed or declined by the submitter → a talk of the
 * programme (talkId).
 */
@Entity('submission')
@Index('ix_submission_event', ['eventId'])
@Index('ix_submission_submitter', ['submitterId'])
export class Submission {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') eventId: string;
  @ManyToOne(() => Event, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'event_id' }) event?: Event;
  @Column('uuid') submitterId: string;
  @ManyToOne(() => Submitter, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'submitter_id' }) submitter?: Submitter;
  @Column('text') status: 'draft' | 'submitted' | 'withdrawn';
  @Column('text') typeKey: string;
  @Column('text', { nullable: true }) themeKey: string | null;
  @Column('text') title: string;
  @Column('text', { default: '' }) abstract: string;
  @Column('jsonb', { default: () => "'[]'" }) keywords: string[];
  @Column('text', { nullable: true }) references: string | null;
  @Column('text', { nullable: true }) language: Language | null;
  @Column('text', { nullable: true }) format: ProposalFormat | null;
  /** All authors in order, the submitter included. */
  @Column('jsonb', { default: () => "'[]'" }) authors: ProposalAuthor[];
  @Column('jsonb', { default: () => "'{}'" }) answers: Record<string, string | number | boolean>;
  /** Members of the scientific committee the authors declared a conflict of interest with. */
  @Column('jsonb', { default: () => "'[]'" }) conflictPersonIds: string[];
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @Column('timestamptz', { nullable: true }) submittedAt: Date | null;
  @Column('timestamptz', { nullable: true }) withdrawnAt: Date | null;
  /** The organisers' decision and message, prepared; the submitter learns them when sent. */
  @Column('text', { nullable: true }) decision: Decision | null;
  @Column('text', { nullable: true }) decisionMessage: string | null;
  @Column('timestamptz', { nullable: true }) decisionSentAt: Date | null;
  /** The decision as sent (a later change of the prepared one is sent again). */
  @Column('text', { nullable: true }) sentDecision: Decision | null;
  /** Whether the reviewers' comments to authors went with the decision. */
  @Column('boolean', { default: false }) commentsSent: boolean;
  @Column('timestamptz', { nullable: true }) confirmedAt: Date | null;
  @Column('timestamptz', { nullable: true }) declinedAt: Date | null;
  @Column('timestamptz', { nullable: true }) confirmationRemindedAt: Date | null;
  /** The talk it became in the programme. */
  @Column('uuid', { nullable: true }) talkId: string | null;
}

/** A member of the scientific committee as a reviewer of this call: the themes they review (for assignment by theme). */
@Entity('call_reviewer')
export class CallReviewer {
  @PrimaryColumn('uuid') eventId: string;
  @PrimaryColumn('uuid') personId: string;
  @ManyToOne(() => Person, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'person_id' }) person?: Person;
  @Column('jsonb', { default: () => "'[]'" }) themeKeys: string[];
  /** When they were last told of new assignments. */
  @Column('timestamptz', { nullable: true }) notifiedAt: Date | null;
  /** When the reminder before the review deadline went out. */
  @Column('timestamptz', { nullable: true }) remindedAt: Date | null;
}

/** One reviewer assigned to one proposal. */
@Entity('review_assignment')
@Index('ix_review_assignment_person', ['personId'])
@Index('ix_review_assignment_event', ['eventId'])
export class ReviewAssignment {
  @PrimaryColumn('uuid') submissionId: string;
  @PrimaryColumn('uuid') personId: string;
  @Column('uuid') eventId: string;
  @ManyToOne(() => Submission, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'submission_id' }) submission?: Submission;
  @ManyToOne(() => Person, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'person_id' }) person?: Person;
  @CreateDateColumn({ type: 'timestamptz' }) assignedAt: Date;
  /** Null until the reviewer was mailed about it. */
  @Column('timestamptz', { nullable: true }) notifiedAt: Date | null;
}

/** A review: a draft until submitted. */
@Entity('review')
@Index('ix_review_event', ['eventId'])
export class Review {
  @PrimaryColumn('uuid') submissionId: string;
  @PrimaryColumn('uuid') personId: string;
  @Column('uuid') eventId: string;
  @ManyToOne(() => Submission, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'submission_id' }) submission?: Submission;
  @ManyToOne(() => Person, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'person_id' }) person?: Person;
  @Column('jsonb', { default: () => "'{}'" }) scores: Record<string, number>;
  @Column('text') recommendation: Recommendation;
  @Column('text', { default: '' }) commentToAuthors: string;
  @Column('text', { default: '' }) commentToCommittee: string;
  @Column('timestamptz', { nullable: true }) submittedAt: Date | null;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}

/** A conflict of interest a reviewer declared with a proposal (the authors' are on the proposal; the detected ones are computed). */
@Entity('reviewer_conflict')
@Index('ix_reviewer_conflict_event', ['eventId'])
export class ReviewerConflict {
  @PrimaryColumn('uuid') submissionId: string;
  @PrimaryColumn('uuid') personId: string;
  @Column('uuid') eventId: string;
  @ManyToOne(() => Submission, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'submission_id' }) submission?: Submission;
  @ManyToOne(() => Person, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'person_id' }) person?: Person;
  @Column('text', { nullable: true }) reason: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
