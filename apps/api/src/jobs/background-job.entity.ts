import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * One piece of background work kept in PostgreSQL, so that it survives restarts: at most one row per
 * (kind, subject). A worker claims a queued row (or one whose worker stopped beating) with SKIP LOCKED,
 * beats while it works, and leaves it done, or queued again after a delay, or failed after the last attempt.
 */
@Entity('background_job')
@Index('uq_background_job_kind_subject', ['kind', 'subjectId'], { unique: true })
@Index('ix_background_job_due', ['status', 'runAfter'])
export class BackgroundJob {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_background_job' }) id: string;
  /** What to do (a handler registered under this name), e.g. 'podcast_audio'. */
  @Column('text') kind: string;
  /** What it is done to (a recording's id). */
  @Column('uuid') subjectId: string;
  /** queued | running | done | failed */
  @Column('text', { default: 'queued' }) status: 'queued' | 'running' | 'done' | 'failed';
  @Column('int', { default: 0 }) attempts: number;
  @Column('int', { default: 3 }) maxAttempts: number;
  /** Not before (retries wait); a queued job runs once this has passed. */
  @Column('timestamptz', { default: () => 'now()' }) runAfter: Date;
  /** A running job's worker writes this every few seconds; a stale beat means the worker died and the job is taken up again. */
  @Column('timestamptz', { nullable: true }) heartbeatAt: Date | null;
  /** Which process runs it (host:pid), for the administrator. */
  @Column('text', { nullable: true }) worker: string | null;
  /** Why the last attempt failed: a code readers translate, and a detail for the administrator. */
  @Column('text', { nullable: true }) errorCode: string | null;
  @Column('text', { nullable: true }) errorDetail: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @Column('timestamptz', { nullable: true }) finishedAt: Date | null;
}
