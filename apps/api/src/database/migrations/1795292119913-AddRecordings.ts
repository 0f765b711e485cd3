import { MigrationInterface, QueryRunner } from "typeorm";

export class AddRecordings1795292119913 implements MigrationInterface {
    name = 'AddRecordings1795292119913'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "recording" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "session_id" uuid NOT NULL, "source" text NOT NULL, "status" text NOT NULL, "failure_reason" text, "video_egress_id" text, "audio_egress_id" text, "title" jsonb NOT NULL, "description" jsonb, "language" text NOT NULL, "licence" text NOT NULL DEFAULT 'all-rights-reserved', "duration_seconds" integer, "started_at" TIMESTAMP WITH TIME ZONE, "ended_at" TIMESTAMP WITH TIME ZONE, "published_at" TIMESTAMP WITH TIME ZONE, "consent_exception_reason" text, "consent_exception_by" text, "consent_exception_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_7446e2aed32f47fe22cca192e8e" UNIQUE ("video_egress_id"), CONSTRAINT "UQ_4071b9699b7cd120a6511aea18b" UNIQUE ("audio_egress_id"), CONSTRAINT "PK_2f037d57bd6d7f1e4d68d72e6f4" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_recording_session" ON "recording"  ("session_id") `);
        await queryRunner.query(`CREATE INDEX "ix_recording_event_published" ON "recording"  ("event_id", "published_at") `);
        await queryRunner.query(`CREATE TABLE "recording_file" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "recording_id" uuid NOT NULL, "kind" text NOT NULL, "storage_key" text NOT NULL, "content_type" text NOT NULL, "size" bigint NOT NULL, "sha256" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b5c8e4d3f7a36e323350dbcc8bd" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "recording_consent" ("recording_id" uuid NOT NULL, "person_id" uuid NOT NULL, "decision" text NOT NULL, "decided_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_1f001fb0abdd3d78af53b3bc179" PRIMARY KEY ("recording_id", "person_id"))`);
        await queryRunner.query(`ALTER TABLE "recording" ADD CONSTRAINT "FK_48e906858cc42b028c2f756f1af" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "recording" ADD CONSTRAINT "FK_09fab5afa75f1b69927fea24e84" FOREIGN KEY ("session_id") REFERENCES "session"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "recording_file" ADD CONSTRAINT "FK_f39a3248fc5c91de7a915519e58" FOREIGN KEY ("recording_id") REFERENCES "recording"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "recording_consent" ADD CONSTRAINT "FK_261b1c79beefe26efc77fe27986" FOREIGN KEY ("recording_id") REFERENCES "recording"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "recording_consent" ADD CONSTRAINT "FK_cdb31ddfdabc466e7f49232895e" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "recording_consent" DROP CONSTRAINT "FK_cdb31ddfdabc466e7f49232895e"`);
        await queryRunner.query(`ALTER TABLE "recording_consent" DROP CONSTRAINT "FK_261b1c79beefe26efc77fe27986"`);
        await queryRunner.query(`ALTER TABLE "recording_file" DROP CONSTRAINT "FK_f39a3248fc5c91de7a915519e58"`);
        await queryRunner.query(`ALTER TABLE "recording" DROP CONSTRAINT "FK_09fab5afa75f1b69927fea24e84"`);
        await queryRunner.query(`ALTER TABLE "recording" DROP CONSTRAINT "FK_48e906858cc42b028c2f756f1af"`);
        await queryRunner.query(`DROP TABLE "recording_consent"`);
        await queryRunner.query(`DROP TABLE "recording_file"`);
        await queryRunner.query(`DROP INDEX "public"."ix_recording_event_published"`);
        await queryRunner.query(`DROP INDEX "public"."ix_recording_session"`);
        await queryRunner.query(`DROP TABLE "recording"`);
    }

}
