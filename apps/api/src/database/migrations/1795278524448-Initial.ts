import { MigrationInterface, QueryRunner } from "typeorm";

export class Initial1795278524448 implements MigrationInterface {
    name = 'Initial1795278524448'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "organiser" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" text NOT NULL, "name" text NOT NULL, "password_hash" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_07b9e73b1f3496b405906e1f620" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_organiser_email" ON "organiser"  ("email") `);
        await queryRunner.query(`CREATE TABLE "event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "slug" text NOT NULL, "status" text NOT NULL DEFAULT 'draft', "title" jsonb NOT NULL, "subtitle" jsonb, "description" jsonb, "main_language" text NOT NULL, "time_zone" text NOT NULL, "start_date" date NOT NULL, "end_date" date NOT NULL, "format" text NOT NULL, "venue" jsonb, "keywords" text array NOT NULL DEFAULT '{}', "contact" jsonb, "published_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_30c2f3bbaf6d34a55f8ae6e4614" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_event_slug" ON "event"  ("slug") `);
        await queryRunner.query(`CREATE TABLE "event_organiser" ("event_id" uuid NOT NULL, "organiser_id" uuid NOT NULL, "role" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8d6e4bf23a35461e1381a361fb2" PRIMARY KEY ("event_id", "organiser_id"))`);
        await queryRunner.query(`CREATE INDEX "ix_event_organiser_organiser" ON "event_organiser"  ("organiser_id") `);
        await queryRunner.query(`CREATE TABLE "person" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "name" text NOT NULL, "affiliation" text, "title" text, "bio" jsonb, "email" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5fdaf670315c4b7e70cce85daa3" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_person_event" ON "person"  ("event_id") `);
        await queryRunner.query(`CREATE TABLE "committee_member" ("event_id" uuid NOT NULL, "committee" text NOT NULL, "person_id" uuid NOT NULL, "position" integer NOT NULL, "role" jsonb, CONSTRAINT "PK_fd62ad913745ce01808d896d989" PRIMARY KEY ("event_id", "committee", "person_id"))`);
        await queryRunner.query(`CREATE INDEX "ix_committee_member_person" ON "committee_member"  ("person_id") `);
        await queryRunner.query(`CREATE TABLE "download" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "kind" text NOT NULL, "title" jsonb NOT NULL, "position" integer NOT NULL, "storage_key" text NOT NULL, "file_name" text NOT NULL, "content_type" text NOT NULL, "size" bigint NOT NULL, "sha256" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_84dcb3c6afdf8b2f9c0b8cd457f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_download_event" ON "download"  ("event_id") `);
        await queryRunner.query(`CREATE TABLE "talk" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "session_id" uuid NOT NULL, "position" integer NOT NULL, "title" jsonb NOT NULL, "abstract" jsonb, "planned_minutes" integer NOT NULL, CONSTRAINT "PK_645e0089c9f92048125eef3d8eb" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_talk_session" ON "talk"  ("session_id") `);
        await queryRunner.query(`CREATE TABLE "talk_speaker" ("talk_id" uuid NOT NULL, "person_id" uuid NOT NULL, "position" integer NOT NULL, CONSTRAINT "PK_ba3628abcd684a230c3a8a8da3f" PRIMARY KEY ("talk_id", "person_id"))`);
        await queryRunner.query(`CREATE INDEX "ix_talk_speaker_person" ON "talk_speaker"  ("person_id") `);
        await queryRunner.query(`CREATE TABLE "session_chair" ("session_id" uuid NOT NULL, "person_id" uuid NOT NULL, "position" integer NOT NULL, CONSTRAINT "PK_97ad4d1bc218965b61c26c474db" PRIMARY KEY ("session_id", "person_id"))`);
        await queryRunner.query(`CREATE INDEX "ix_session_chair_person" ON "session_chair"  ("person_id") `);
        await queryRunner.query(`CREATE TABLE "session_panelist" ("session_id" uuid NOT NULL, "person_id" uuid NOT NULL, "position" integer NOT NULL, CONSTRAINT "PK_451116130af668f83ee97b164a9" PRIMARY KEY ("session_id", "person_id"))`);
        await queryRunner.query(`CREATE INDEX "ix_session_panelist_person" ON "session_panelist"  ("person_id") `);
        await queryRunner.query(`CREATE TABLE "session" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "type" text NOT NULL, "title" jsonb NOT NULL, "description" jsonb, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "stage" text NOT NULL, "language" text, "recorded" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_session_ends_after_start" CHECK ("ends_at" > "starts_at"), CONSTRAINT "PK_f55da76ac1c3ac420f444d2ff11" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_session_event_start" ON "session"  ("event_id", "starts_at") `);
        await queryRunner.query(`ALTER TABLE "event_organiser" ADD CONSTRAINT "FK_c1e0b4d8908de6b5f59603d7fa5" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "event_organiser" ADD CONSTRAINT "FK_14cfecb6a62221bdc16311f43e7" FOREIGN KEY ("organiser_id") REFERENCES "organiser"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "person" ADD CONSTRAINT "FK_5e8ee065852d81bd4883664fad9" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "committee_member" ADD CONSTRAINT "FK_f6f0a94d609c13fca5f750af845" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "committee_member" ADD CONSTRAINT "FK_2bf627de305dc6c0bdf56cda587" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "download" ADD CONSTRAINT "FK_604f225b8c8fd067f66dbac6ba7" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "talk" ADD CONSTRAINT "FK_60a3b4b5fe4da2b831c030b1ba1" FOREIGN KEY ("session_id") REFERENCES "session"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "talk_speaker" ADD CONSTRAINT "FK_1ab06ea6330df22abfda3098b77" FOREIGN KEY ("talk_id") REFERENCES "talk"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "talk_speaker" ADD CONSTRAINT "FK_253aad47912c6f159f83a6b6062" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "session_chair" ADD CONSTRAINT "FK_e8fae190d1e42962be8e71bfd58" FOREIGN KEY ("session_id") REFERENCES "session"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "session_chair" ADD CONSTRAINT "FK_21ee1a944ab3beef291dc15830b" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "session_panelist" ADD CONSTRAINT "FK_1c6db3db40ad0ae11338dfe2621" FOREIGN KEY ("session_id") REFERENCES "session"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "session_panelist" ADD CONSTRAINT "FK_843b42f2883f9a68166d170006f" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "session" ADD CONSTRAINT "FK_dd950bb61eac3ec5e4af0fe684a" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "session" DROP CONSTRAINT "FK_dd950bb61eac3ec5e4af0fe684a"`);
        await queryRunner.query(`ALTER TABLE "session_panelist" DROP CONSTRAINT "FK_843b42f2883f9a68166d170006f"`);
        await queryRunner.query(`ALTER TABLE "session_panelist" DROP CONSTRAINT "FK_1c6db3db40ad0ae11338dfe2621"`);
        await queryRunner.query(`ALTER TABLE "session_chair" DROP CONSTRAINT "FK_21ee1a944ab3beef291dc15830b"`);
        await queryRunner.query(`ALTER TABLE "session_chair" DROP CONSTRAINT "FK_e8fae190d1e42962be8e71bfd58"`);
        await queryRunner.query(`ALTER TABLE "talk_speaker" DROP CONSTRAINT "FK_253aad47912c6f159f83a6b6062"`);
        await queryRunner.query(`ALTER TABLE "talk_speaker" DROP CONSTRAINT "FK_1ab06ea6330df22abfda3098b77"`);
        await queryRunner.query(`ALTER TABLE "talk" DROP CONSTRAINT "FK_60a3b4b5fe4da2b831c030b1ba1"`);
        await queryRunner.query(`ALTER TABLE "download" DROP CONSTRAINT "FK_604f225b8c8fd067f66dbac6ba7"`);
        await queryRunner.query(`ALTER TABLE "committee_member" DROP CONSTRAINT "FK_2bf627de305dc6c0bdf56cda587"`);
        await queryRunner.query(`ALTER TABLE "committee_member" DROP CONSTRAINT "FK_f6f0a94d609c13fca5f750af845"`);
        await queryRunner.query(`ALTER TABLE "person" DROP CONSTRAINT "FK_5e8ee065852d81bd4883664fad9"`);
        await queryRunner.query(`ALTER TABLE "event_organiser" DROP CONSTRAINT "FK_14cfecb6a62221bdc16311f43e7"`);
        await queryRunner.query(`ALTER TABLE "event_organiser" DROP CONSTRAINT "FK_c1e0b4d8908de6b5f59603d7fa5"`);
        await queryRunner.query(`DROP INDEX "public"."ix_session_event_start"`);
        await queryRunner.query(`DROP TABLE "session"`);
        await queryRunner.query(`DROP INDEX "public"."ix_session_panelist_person"`);
        await queryRunner.query(`DROP TABLE "session_panelist"`);
        await queryRunner.query(`DROP INDEX "public"."ix_session_chair_person"`);
        await queryRunner.query(`DROP TABLE "session_chair"`);
        await queryRunner.query(`DROP INDEX "public"."ix_talk_speaker_person"`);
        await queryRunner.query(`DROP TABLE "talk_speaker"`);
        await queryRunner.query(`DROP INDEX "public"."ix_talk_session"`);
        await queryRunner.query(`DROP TABLE "talk"`);
        await queryRunner.query(`DROP INDEX "public"."ix_download_event"`);
        await queryRunner.query(`DROP TABLE "download"`);
        await queryRunner.query(`DROP INDEX "public"."ix_committee_member_person"`);
        await queryRunner.query(`DROP TABLE "committee_member"`);
        await queryRunner.query(`DROP INDEX "public"."ix_person_event"`);
        await queryRunner.query(`DROP TABLE "person"`);
        await queryRunner.query(`DROP INDEX "public"."ix_event_organiser_organiser"`);
        await queryRunner.query(`DROP TABLE "event_organiser"`);
        await queryRunner.query(`DROP INDEX "public"."uq_event_slug"`);
        await queryRunner.query(`DROP TABLE "event"`);
        await queryRunner.query(`DROP INDEX "public"."uq_organiser_email"`);
        await queryRunner.query(`DROP TABLE "organiser"`);
    }

}
