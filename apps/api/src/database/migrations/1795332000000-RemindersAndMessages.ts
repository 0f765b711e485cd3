import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Reminders, change notices and messages from the organiser (issue 13, item 6). Each "only once"
 * rule has its unique index: one reminder of a kind per registration (and session), one pending
 * change per session, one message per idempotency key.
 */
export class RemindersAndMessages1795332000000 implements MigrationInterface {
    name = 'RemindersAndMessages1795332000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "reminder_settings" ("event_id" uuid NOT NULL, "before_event_enabled" boolean NOT NULL DEFAULT true, "before_event_hours" integer NOT NULL DEFAULT 24, "before_session_enabled" boolean NOT NULL DEFAULT true, "before_session_minutes" integer NOT NULL DEFAULT 15, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_reminder_settings" PRIMARY KEY ("event_id"), CONSTRAINT "FK_reminder_settings_event" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE)`);
        await queryRunner.query(`CREATE TABLE "reminder_opt_out" ("registration_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_reminder_opt_out" PRIMARY KEY ("registration_id"), CONSTRAINT "FK_reminder_opt_out_registration" FOREIGN KEY ("registration_id") REFERENCES "registration"("id") ON DELETE CASCADE)`);
        await queryRunner.query(`CREATE TABLE "reminder_delivery" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "registration_id" uuid NOT NULL, "kind" text NOT NULL, "session_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_reminder_delivery" PRIMARY KEY ("id"), CONSTRAINT "ck_reminder_delivery_kind" CHECK (("kind" = 'event' AND "session_id" IS NULL) OR ("kind" = 'session' AND "session_id" IS NOT NULL)), CONSTRAINT "FK_reminder_delivery_event" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE, CONSTRAINT "FK_reminder_delivery_registration" FOREIGN KEY ("registration_id") REFERENCES "registration"("id") ON DELETE CASCADE, CONSTRAINT "FK_reminder_delivery_session" FOREIGN KEY ("session_id") REFERENCES "session"("id") ON DELETE CASCADE)`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_reminder_delivery_event" ON "reminder_delivery" ("registration_id") WHERE "kind" = 'event'`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_reminder_delivery_session" ON "reminder_delivery" ("registration_id", "session_id") WHERE "kind" = 'session'`);
        await queryRunner.query(`CREATE INDEX "ix_reminder_delivery_event" ON "reminder_delivery" ("event_id")`);
        await queryRunner.query(`CREATE TABLE "session_change" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "session_id" uuid NOT NULL, "session_type" text NOT NULL, "title" jsonb NOT NULL, "original_starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "original_ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "original_stage" text NOT NULL, "people" uuid array NOT NULL DEFAULT '{}', "cancelled" boolean NOT NULL DEFAULT false, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "processed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_session_change" PRIMARY KEY ("id"), CONSTRAINT "FK_session_change_event" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE)`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_session_change_pending" ON "session_change" ("session_id") WHERE "processed_at" IS NULL`);
        await queryRunner.query(`CREATE INDEX "ix_session_change_due" ON "session_change" ("due_at") WHERE "processed_at" IS NULL`);
        await queryRunner.query(`CREATE TABLE "organiser_message" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "idempotency_key" uuid NOT NULL, "audience" text NOT NULL, "category" text, "subject" jsonb NOT NULL, "body" jsonb NOT NULL, "recipient_count" integer NOT NULL DEFAULT 0, "queued_count" integer NOT NULL DEFAULT 0, "cursor" bigint NOT NULL DEFAULT 0, "status" text NOT NULL DEFAULT 'sending', "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_organiser_message" PRIMARY KEY ("id"), CONSTRAINT "uq_organiser_message_key" UNIQUE ("event_id", "idempotency_key"), CONSTRAINT "FK_organiser_message_event" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE)`);
        await queryRunner.query(`CREATE INDEX "ix_organiser_message_sending" ON "organiser_message" ("created_at") WHERE "status" = 'sending'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "organiser_message"`);
        await queryRunner.query(`DROP TABLE "session_change"`);
        await queryRunner.query(`DROP TABLE "reminder_delivery"`);
        await queryRunner.query(`DROP TABLE "reminder_opt_out"`);
        await queryRunner.query(`DROP TABLE "reminder_settings"`);
    }

}
