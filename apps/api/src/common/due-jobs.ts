import { Global, Injectable, Module } from '@nestjs/common';

/** A job that sends what has come due at `now` and answers how much it sent (a review reminder, a confirmation reminder). */
export type DueJob = (now: Date) => Promise<number>;

/**
 * The jobs a feature runs on the schedule (MessagesScheduler's tick): a feature registers its own in
 * onModuleInit, so that one timer, one Clock and one runDue() drive them all and a test moves time
 * for every one of them at once. Each job must be safe to run in several processes at once (unique
 * keys, SKIP LOCKED, or a conditional UPDATE that claims the row).
 */
@Injectable()
export class DueJobs {
  private readonly jobs = new Map<string, DueJob>();

  register(name: string, job: DueJob): void {
    this.jobs.set(name, job);
  }

  async runAll(now: Date): Promise<Record<string, number>> {
    const sent: Record<string, number> = {};
    for (const [name, job] of this.jobs) sent[name] = await job(now);
    return sent;
  }
}

@Global()
@Module({ providers: [DueJobs], exports: [DueJobs] })
export class DueJobsModule {}
