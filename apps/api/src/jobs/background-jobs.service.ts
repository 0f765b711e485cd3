import { Global, Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { hostname } from 'node:os';
import { BackgroundJob } from './background-job.entity';
import { APP_CONFIG, type AppConfig } from '../config/config';

/** What a handler is given: the job's row, and a signal aborted when the process stops (kill the child process). */
export interface JobContext {
  job: BackgroundJob;
  signal: AbortSignal;
}
export type JobHandler = (subjectId: string, context: JobContext) => Promise<void>;

/**
 * A failure a handler explains: a code readers translate (e.g. 'ffmpeg_missing'), a detail for the
 * administrator, and whether trying again could help (a missing tool: yes, once installed; a file
 * that is not media: no).
 */
export class JobFailure extends Error {
  constructor(
    readonly code: string,
    readonly detail: string,
    readonly retry = true,
  ) {
    super(`${code}: ${detail}`);
  }
}

/**
 * The queue of background work, kept in PostgreSQL (table background_job) so that it survives
 * restarts; the same pattern as the mail outbox. Features register a handler per kind at start and
 * enqueue (kind, subject) pairs, inside their own transaction when they have one.
 *
 * - One row per (kind, subject): enqueuing again what is queued or done starts it afresh; what is
 *   running is left to finish.
 * - A worker claims a due row with FOR UPDATE SKIP LOCKED, so processes never run a job twice at once.
 * - It beats every few seconds while it works. A row whose beat is older than JOBS_STALE_SECONDS
 *   belongs to a worker that died (killed, machine lost) and is claimed again by any worker.
 * - A failure waits JOBS_RETRY_SECONDS (doubling) and is tried again, up to maxAttempts; then the row
 *   stays 'failed' with its reason, which organisers see, until someone enqueues it again.
 * - On a graceful stop, the running job is aborted and put back in the queue at once.
 */
@Injectable()
export class BackgroundJobs implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly handlers = new Map<string, { handler: JobHandler; maxAttempts: number }>();
  private readonly workerId = `${hostname()}:${process.pid}`;
  private readonly running = new Map<string, AbortController>();
  private timer: NodeJS.Timeout | null = null;
  private stopping = false;
  private polling: Promise<void> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get rows() {
    return this.dataSource.getRepository(BackgroundJob);
  }

  /** Called by features in onModuleInit. */
  register(kind: string, handler: JobHandler, options: { maxAttempts?: number } = {}): void {
    this.handlers.set(kind, { handler, maxAttempts: options.maxAttempts ?? 3 });
  }

  /**
   * Queues `kind` for `subjectId` (in the caller's transaction when `manager` is given: the job exists
   * if and only if it commits). Call kick() after the commit to start at once in this process.
   */
  async enqueue(kind: string, subjectId: string, manager: EntityManager = this.dataSource.manager, options: { maxAttempts?: number; runAfter?: Date } = {}): Promise<void> {
    const maxAttempts = options.maxAttempts ?? this.handlers.get(kind)?.maxAttempts ?? 3;
    await manager.query(
      `INSERT INTO background_job (kind, subject_id, status, attempts, max_attempts, run_after)
       VALUES ($1, $2, 'queued', 0, $3, $4)
       ON CONFLICT (kind, subject_id) DO UPDATE
         SET status = 'queued', attempts = 0, max_attempts = EXCLUDED.max_attempts, run_after = EXCLUDED.run_after,
             heartbeat_at = NULL, worker = NULL, error_code = NULL, error_detail = NULL, finished_at = NULL, updated_at = now()
         WHERE background_job.status <> 'running'`,
      [kind, subjectId, maxAttempts, options.runAfter ?? new Date()],
    );
  }

  /** The jobs about these subjects (for the organisers' views), oldest first. */
  async of(subjectIds: string[]): Promise<BackgroundJob[]> {
    if (!subjectIds.length) return [];
    return this.rows.find({ where: { subjectId: In(subjectIds) }, order: { createdAt: 'ASC' } });
  }

  /** Looks for work now (after enqueuing in this process). */
  kick(): void {
    if (!this.config.jobs.worker || this.stopping) return;
    void this.poll();
  }

  onApplicationBootstrap(): void {
    if (!this.config.jobs.worker) return;
    this.timer = setInterval(() => void this.poll(), this.config.jobs.pollMs);
    this.timer.unref();
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    for (const controller of this.running.values()) controller.abort();
    await this.polling?.catch(() => undefined);
  }

  /** Runs due jobs until none is left or every slot is busy; one poll at a time per process. */
  private poll(): Promise<void> {
    if (this.polling) return this.polling;
    // Nothing to look for while every slot is busy. (Without this, the function below would end
    // synchronously, its `finally` clearing `polling` before the assignment sets it to a settled
    // promise, and no poll would ever run again: a job done, the next one never claimed.)
    if (this.stopping || this.running.size >= this.config.jobs.concurrency) return Promise.resolve();
    this.polling = (async () => {
      try {
        while (!this.stopping && this.running.size < this.config.jobs.concurrency) {
          const job = await this.claim();
          if (!job) break;
          void this.run(job).finally(() => this.kick());
        }
      } catch (error) {
        this.logger.warn(`looking for jobs failed: ${(error as Error).message}`);
      } finally {
        this.polling = null;
      }
    })();
    return this.polling;
  }

  /** Claims one due job of a kind this process handles: queued and due, or running with a stale beat. */
  private async claim(): Promise<BackgroundJob | null> {
    const kinds = [...this.handlers.keys()];
    if (!kinds.length) return null;
    const [rows] = (await this.dataSource.query(
      `UPDATE background_job SET status = 'running', attempts = attempts + 1, heartbeat_at = now(), worker = $1, updated_at = now()
       WHERE id = (
         SELECT id FROM background_job
         WHERE kind = ANY($2) AND ((status = 'queued' AND run_after <= now()) OR (status = 'running' AND heartbeat_at < now() - make_interval(secs => $3)))
         ORDER BY run_after, created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING id`,
      [this.workerId, kinds, this.config.jobs.staleMs / 1000],
    )) as [Array<{ id: string }>, number];
    if (!rows?.length) return null;
    return this.rows.findOneByOrFail({ id: rows[0].id });
  }

  private async run(job: BackgroundJob): Promise<void> {
    const entry = this.handlers.get(job.kind)!;
    const controller = new AbortController();
    this.running.set(job.id, controller);
    const beat = setInterval(() => void this.rows.update({ id: job.id, worker: this.workerId, status: 'running' }, { heartbeatAt: new Date() }).catch(() => undefined), Math.max(200, this.config.jobs.staleMs / 4));
    beat.unref();
    const mine = { id: job.id, worker: this.workerId, status: 'running' as const };
    try {
      if (job.attempts > job.maxAttempts) throw new JobFailure('failed', `stopped ${job.attempts - 1} times without finishing (its worker died each time)`, false);
      this.logger.log(`${job.kind} ${job.subjectId}: attempt ${job.attempts} of ${job.maxAttempts}`);
      await entry.handler(job.subjectId, { job, signal: controller.signal });
      await this.rows.update(mine, { status: 'done', heartbeatAt: null, errorCode: null, errorDetail: null, finishedAt: new Date() });
      this.logger.log(`${job.kind} ${job.subjectId}: done`);
    } catch (error) {
      if (controller.signal.aborted && this.stopping) {
        // A graceful stop: another process (or this one, restarted) takes it up at once; the attempt is not counted.
        await this.rows.update(mine, { status: 'queued', attempts: Math.max(0, job.attempts - 1), heartbeatAt: null, worker: null, runAfter: new Date() }).catch(() => undefined);
        return;
      }
      const failure = error instanceof JobFailure ? error : new JobFailure('failed', (error as Error).message ?? String(error));
      const final = !failure.retry || job.attempts >= job.maxAttempts;
      const delay = this.config.jobs.retryBaseMs * 2 ** (job.attempts - 1);
      this.logger.warn(`${job.kind} ${job.subjectId}: ${failure.message}${final ? '' : ` (again in ${Math.round(delay / 1000)} s)`}`);
      await this.rows
        .update(mine, {
          status: final ? 'failed' : 'queued',
          heartbeatAt: null,
          worker: null,
          errorCode: failure.code,
          errorDetail: failure.detail.slice(0, 2000),
          runAfter: new Date(Date.now() + (final ? 0 : delay)),
          finishedAt: final ? new Date() : null,
        })
        .catch(() => undefined);
    } finally {
      clearInterval(beat);
      this.running.delete(job.id);
    }
  }
}

@Global()
@Module({ imports: [TypeOrmModule.forFeature([BackgroundJob])], providers: [BackgroundJobs], exports: [BackgroundJobs] })
export class BackgroundJobsModule {}
