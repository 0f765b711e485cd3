import { MigrationInterface, QueryRunner } from "typeorm";

export class AddRegistrations1795279530834 implements MigrationInterface {
    name = 'AddRegistrations1795279530834'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "registration" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "arrival" BIGSERIAL NOT NULL, "email" text NOT NULL, "name" text NOT NULL, "affiliation" text, "category" text, "language" text NOT NULL, "privacy_consent_at" TIMESTAMP WITH TIME ZONE NOT NULL, "list_consent" boolean NOT NULL DEFAULT false, "status" text NOT NULL, "added_by_organiser" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "confirmed_at" TIMESTAMP WITH TIME ZONE, "cancelled_at" TIMESTAMP WITH TIME ZONE, "erased_at" TIMESTAMP WITH TIME ZONE, "link_sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_registration_event_email" UNIQUE ("event_id", "email"), CONSTRAINT "PK_cb23dc9d28df8801b15e9e2b8d6" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_registration_event_status_arrival" ON "registration"  ("event_id", "status", "arrival") `);
        await queryRunner.query(`CREATE TABLE "personal_link" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "token_hash" text NOT NULL, "event_id" uuid NOT NULL, "registration_id" uuid, "person_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_reason" text, "last_used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_451e3462b5b287ecc861dd61fa5" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_personal_link_token_hash" ON "personal_link"  ("token_hash") `);
        await queryRunner.query(`CREATE INDEX "ix_personal_link_person" ON "personal_link"  ("person_id") `);
        await queryRunner.query(`CREATE INDEX "ix_personal_link_registration" ON "personal_link"  ("registration_id") `);
        await queryRunner.query(`ALTER TABLE "event" ADD "registration_open" boolean NOT NULL DEFAULT false`);
        await queryRunner.query(`ALTER TABLE "event" ADD "registration_opens_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "event" ADD "registration_closes_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "event" ADD "capacity" integer`);
        await queryRunner.query(`ALTER TABLE "event" ADD "registration_categories" jsonb NOT NULL DEFAULT '[]'`);
        await queryRunner.query(`ALTER TABLE "event" ADD "retention_days" integer NOT NULL DEFAULT '365'`);
        await queryRunner.query(`ALTER TABLE "event" ADD "attendee_list_public" boolean NOT NULL DEFAULT false`);
        await queryRunner.query(`ALTER TABLE "event" ADD "personal_data_erased_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "registration" ADD CONSTRAINT "FK_e273290b4292fe15ea3b0d03511" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "personal_link" ADD CONSTRAINT "FK_a9ca7bb321821137470605b5b2c" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "personal_link" ADD CONSTRAINT "FK_25d923239c4c6b141340df6f2da" FOREIGN KEY ("registration_id") REFERENCES "registration"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "personal_link" ADD CONSTRAINT "FK_0406986cb7e7af5992e39a162cc" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "personal_link" DROP CONSTRAINT "FK_0406986cb7e7af5992e39a162cc"`);
        await queryRunner.query(`ALTER TABLE "personal_link" DROP CONSTRAINT "FK_25d923239c4c6b141340df6f2da"`);
        await queryRunner.query(`ALTER TABLE "personal_link" DROP CONSTRAINT "FK_a9ca7bb321821137470605b5b2c"`);
        await queryRunner.query(`ALTER TABLE "registration" DROP CONSTRAINT "FK_e273290b4292fe15ea3b0d03511"`);
        await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "personal_data_erased_at"`);
        await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "attendee_list_public"`);
        await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "retention_days"`);
        await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "registration_categories"`);
        await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "capacity"`);
        await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "registration_closes_at"`);
        await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "registration_opens_at"`);
        await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "registration_open"`);
        await queryRunner.query(`DROP INDEX "public"."ix_personal_link_registration"`);
        await queryRunner.query(`DROP INDEX "public"."ix_personal_link_person"`);
        await queryRunner.query(`DROP INDEX "public"."uq_personal_link_token_hash"`);
        await queryRunner.query(`DROP TABLE "personal_link"`);
        await queryRunner.query(`DROP INDEX "public"."ix_registration_event_status_arrival"`);
        await queryRunner.query(`DROP TABLE "registration"`);
    }

}
