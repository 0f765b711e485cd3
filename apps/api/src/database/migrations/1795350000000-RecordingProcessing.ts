import { MigrationInterface, QueryRunner } from "typeorm";

/** Recordings people find and can read (issue 15): background jobs kept in PostgreSQL, what ffprobe read of each recording and its loudness, transcripts, and the podcast's settings. */
export class RecordingProcessing1795350000000 implements MigrationInterface {
    name = 'RecordingProcessing1795350000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "background_job" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" text NOT NULL, "subject_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'queued', "attempts" integer NOT NULL DEFAULT '0', "max_attempts" integer NOT NULL DEFAULT '3', "run_after" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "heartbeat_at" TIMESTAMP WITH TIME ZONE, "worker" text, "error_code" text, "error_detail" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_background_job" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_background_job_kind_subject" ON "background_job" ("kind", "subject_id") `);
        await queryRunner.query(`CREATE INDEX "ix_background_job_due" ON "background_job" ("status", "run_after") `);
        await queryRunner.query(`ALTER TABLE "recording" ADD "probe" jsonb`);
        await queryRunner.query(`ALTER TABLE "recording" ADD "loudness_lufs" real`);
        await queryRunner.query(`CREATE TABLE "recording_transcript" ("recording_id" uuid NOT NULL, "language" text NOT NULL, "engine" text NOT NULL, "segments" jsonb NOT NULL, "edited_at" TIMESTAMP WITH TIME ZONE, "edited_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_recording_transcript" PRIMARY KEY ("recording_id"))`);
        await queryRunner.query(`ALTER TABLE "recording_transcript" ADD CONSTRAINT "fk_recording_transcript_recording" FOREIGN KEY ("recording_id") REFERENCES "recording"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`CREATE TABLE "podcast_settings" ("event_id" uuid NOT NULL, "owner_name" text, "owner_email" text, "author" text, "categories" jsonb NOT NULL DEFAULT '["Science", "Education"]', "explicit" boolean NOT NULL DEFAULT false, "artwork_key" text, "artwork_content_type" text, "artwork_width" integer, "artwork_height" integer, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_podcast_settings" PRIMARY KEY ("event_id"))`);
        await queryRunner.query(`ALTER TABLE "podcast_settings" ADD CONSTRAINT "fk_podcast_settings_event" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "podcast_settings"`);
        await queryRunner.query(`DROP TABLE "recording_transcript"`);
        await queryRunner.query(`ALTER TABLE "recording" DROP COLUMN "loudness_lufs"`);
        await queryRunner.query(`ALTER TABLE "recording" DROP COLUMN "probe"`);
        await queryRunner.query(`DROP TABLE "background_job"`);
    }
}
