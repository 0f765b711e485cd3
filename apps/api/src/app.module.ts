import { DynamicModule, Global, Logger, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from './config/config';
import { dataSourceOptions } from './database/data-source-options';
import { runMigrationsUnderLock } from './database/locks';
import { AccountsModule } from './accounts/accounts.module';
import { StorageModule } from './storage/storage.module';
import { ProgrammeModule } from './programme/programme.module';
import { PublicModule } from './public/public.module';
import { HealthController } from './health/health.controller';
import { DemoModule } from './demo/demo.module';
import { RateLimitModule } from './common/rate-limit.module';
import { MailModule } from './mail/mail.module';
import { RegistrationsModule } from './registrations/registrations.module';
import { QaModule } from './qa/qa.module';
import { LiveModule } from './live/live.module';
import { RecordingsModule } from './recordings/recordings.module';
import { MediaModule } from './recordings/media/media.module';
import { TranscriptsModule } from './recordings/transcripts/transcripts.module';
import { PodcastModule } from './recordings/podcast/podcast.module';
import { DomainEventsModule } from './domain-events/domain-events';
import { SessionAccessModule } from './session-access/session-access.module';
import { ShutdownStateModule } from './health/shutdown-state';
import { WebModule } from './web/web.module';
import { ClockModule } from './common/clock';
import { BackgroundJobsModule } from './jobs/background-jobs.service';
import { DueJobsModule } from './common/due-jobs';
import { MessagesModule } from './messages/messages.module';
import { CallSubmissionsModule } from './call/submissions/call-submissions.module';
import { CallReviewModule } from './call/review/call-review.module';
import { CallDecisionsModule } from './call/decisions/call-decisions.module';

/** The configuration as a provider, resolved once at boot (see main.ts). */
@Global()
@Module({})
class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] };
  }
}

export interface ResolvedConfig extends AppConfig {
  /** The database actually used: DATABASE_URL, or the embedded server's. */
  databaseUrl: string;
}

@Module({})
export class AppModule {
  static forRoot(config: ResolvedConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        // Migrations are applied at start, under an advisory lock so that several processes starting
        // together apply each one once (database/locks.ts); the schema never changes any other way.
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSourceOptions(config.databaseUrl, config.database.poolSize),
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options!).initialize();
            try {
              await runMigrationsUnderLock(dataSource, config.databaseUrl, (message) => new Logger('Migrations').log(message));
            } catch (error) {
              await dataSource.destroy(); // Nest's retry makes a new data source: this one's pool must not linger
              throw error;
            }
            return dataSource;
          },
        }),
        RateLimitModule,
        // Features tell each other what happened through this bus (global), not by injecting each other.
        DomainEventsModule,
        ClockModule,
        DueJobsModule,
        BackgroundJobsModule,
        ShutdownStateModule,
        AccountsModule,
        StorageModule,
        MailModule,
        ProgrammeModule,
        PublicModule,
        SessionAccessModule,
        RegistrationsModule,
        QaModule,
        LiveModule,
        RecordingsModule,
        MediaModule,
        TranscriptsModule,
        PodcastModule,
        MessagesModule,
        CallSubmissionsModule,
        CallReviewModule,
        CallDecisionsModule,
        DemoModule,
        WebModule,
      ],
      controllers: [HealthController],
    };
  }
}
