import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { Clock } from '../common/clock';
import { RemindersService } from './reminders.service';
import { ChangeNoticesService } from './change-notices.service';
import { OrganiserMessagesService } from './organiser-messages.service';
import { DueJobs } from '../common/due-jobs';

/**
 * Every MESSAGES_TICK_MS, writes to the outbox what has come due: reminders, change notices, the
 * rest of a message whose sending a stopped process left unfinished. Every process runs it; the
 * database decides who sends what (unique keys, SKIP LOCKED), so nothing goes twice. Time is the
 * Clock's, so that a test moves it and calls runDue() itself.
 */
@Injectable()
export class MessagesScheduler implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Messages');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopping = false;

  constructor(
    private readonly reminders: RemindersService,
    private readonly notices: ChangeNoticesService,
    private readonly messages: OrganiserMessagesService,
    private readonly clock: Clock,
    private readonly dueJobs: DueJobs,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.schedule();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One pass at the Clock's now; a pass already under way is waited for, then this one runs. Other features' jobs (DueJobs) run in the same pass, their counts by name. */
  async runDue(): Promise<{ reminders: number; notices: number; messages: number } & Record<string, number>> {
    while (this.running) await this.running;
    let result: { reminders: number; notices: number; messages: number } & Record<string, number> = { reminders: 0, notices: 0, messages: 0 };
    this.running = (async () => {
      const now = this.clock.now();
      result = {
        reminders: await this.reminders.sendDue(now),
        notices: await this.notices.sendDue(now),
        messages: await this.messages.sendPending(),
        ...(await this.dueJobs.runAll(now)),
      };
    })().finally(() => (this.running = null));
    await this.running;
    return result;
  }

  private schedule(): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.runDue()
        .catch((error: Error) => {
          // The database is unreachable or shutting down: what is due stays due for the next pass.
          if (!this.stopping) this.logger.warn(`Reminders and notices pass interrupted: ${error.message}`);
        })
        .finally(() => this.schedule());
    }, this.config.messages.tickMs);
    this.timer.unref();
  }
}
