import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RegistrationsService } from './registrations.service';
import { EventsService } from '../events/events.service';
import { PeopleService } from '../people/people.service';
import { APP_CONFIG, type AppConfig } from '../config/config';

/**
 * The retention job: once an event's retention period is over (its last day plus retentionDays),
 * its registrations are anonymised and its personal links deleted. Runs at start and then every
 * RETENTION_SWEEP_MINUTES; safe with several API processes (each event is claimed under a row lock).
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Retention');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registrations: RegistrationsService,
    private readonly events: EventsService,
    private readonly people: PeopleService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.config.registration.retentionSweepMinutes * 60_000;
    this.timer = setInterval(() => void this.sweep().catch((e) => this.logger.error(e)), every);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Erases what is due now; answers how many events it erased. */
  sweep(now = new Date()): Promise<number> {
    this.running = this.dataSource.transaction(async (manager) => {
      const due = await this.events.claimDueForErasure(manager, now);
      for (const id of due) {
        const erased = await this.registrations.eraseAllForEvent(manager, id);
        await this.people.eraseEmails(manager, id);
        await this.events.markPersonalDataErased(manager, id, now);
        this.logger.log(`Erased the personal data of event ${id} (${erased} registrations).`);
      }
      return due.length;
    });
    return this.running;
  }
}
