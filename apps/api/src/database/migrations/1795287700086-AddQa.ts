import { MigrationInterface, QueryRunner } from "typeorm";

export class AddQa1795287700086 implements MigrationInterface {
    name = 'AddQa1795287700086'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // The socket.io PostgreSQL adapter's table: payloads too large for NOTIFY go through it.
        await queryRunner.query(`CREATE TABLE IF NOT EXISTS "socket_io_attachments" ("id" bigserial UNIQUE, "created_at" TIMESTAMP WITH TIME ZONE DEFAULT now(), "payload" bytea)`);
        await queryRunner.query(`CREATE TABLE "qa_session" ("session_id" uuid NOT NULL, "last_seq" bigint NOT NULL DEFAULT '0', "pre_moderation" boolean NOT NULL DEFAULT false, "open_early_minutes" integer NOT NULL DEFAULT '15', "stay_open_minutes" integer NOT NULL DEFAULT '0', "highlighted_question_id" uuid, CONSTRAINT "PK_1816cd195364ee0ed036ee89ac6" PRIMARY KEY ("session_id"))`);
        await queryRunner.query(`CREATE TABLE "question" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "session_id" uuid NOT NULL, "asker_key" text NOT NULL, "asker_registration_id" uuid, "asker_person_id" uuid, "asker_organiser_id" uuid, "client_id" text NOT NULL, "text" text NOT NULL, "talk_id" uuid, "panelist_id" uuid, "anonymous" boolean NOT NULL DEFAULT false, "state" text NOT NULL, "dismiss_reason" text, "merged_into_id" uuid, "pinned" boolean NOT NULL DEFAULT false, "votes" integer NOT NULL DEFAULT '0', "answer" text, "answered_at" TIMESTAMP WITH TIME ZONE, "created_seq" bigint NOT NULL, "updated_seq" bigint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "uq_question_asker_client_id" UNIQUE ("session_id", "asker_key", "client_id"), CONSTRAINT "PK_21e5786aa0ea704ae185a79b2d5" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_question_asker_created" ON "question"  ("asker_key", "created_at") `);
        await queryRunner.query(`CREATE INDEX "ix_question_session_updated_seq" ON "question"  ("session_id", "updated_seq") `);
        await queryRunner.query(`CREATE TABLE "question_vote" ("question_id" uuid NOT NULL, "voter_key" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_757307c139d7d84bc1110ec0dc9" PRIMARY KEY ("question_id", "voter_key"))`);
        await queryRunner.query(`CREATE TABLE "raised_hand" ("session_id" uuid NOT NULL, "participant_key" text NOT NULL, "name" text NOT NULL, "raised_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bc1729a275160eb898ef20a44a0" PRIMARY KEY ("session_id", "participant_key"))`);
        await queryRunner.query(`ALTER TABLE "qa_session" ADD CONSTRAINT "FK_1816cd195364ee0ed036ee89ac6" FOREIGN KEY ("session_id") REFERENCES "session"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "question" ADD CONSTRAINT "FK_6ea76e3151cd1f4bb2f44fb6b65" FOREIGN KEY ("session_id") REFERENCES "session"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "question" ADD CONSTRAINT "FK_620eb5532b53d6fcfd714014fcb" FOREIGN KEY ("asker_registration_id") REFERENCES "registration"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "question" ADD CONSTRAINT "FK_78181c48d2a5636e4232e3f30cb" FOREIGN KEY ("asker_person_id") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "question" ADD CONSTRAINT "FK_34e829796d7b5d3047a387eb6ba" FOREIGN KEY ("asker_organiser_id") REFERENCES "organiser"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "question_vote" ADD CONSTRAINT "FK_ab338c142f2cec2789d3cd41ad1" FOREIGN KEY ("question_id") REFERENCES "question"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "raised_hand" ADD CONSTRAINT "FK_e1bc9a8ac70a9b28bd789c54013" FOREIGN KEY ("session_id") REFERENCES "session"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "raised_hand" DROP CONSTRAINT "FK_e1bc9a8ac70a9b28bd789c54013"`);
        await queryRunner.query(`ALTER TABLE "question_vote" DROP CONSTRAINT "FK_ab338c142f2cec2789d3cd41ad1"`);
        await queryRunner.query(`ALTER TABLE "question" DROP CONSTRAINT "FK_34e829796d7b5d3047a387eb6ba"`);
        await queryRunner.query(`ALTER TABLE "question" DROP CONSTRAINT "FK_78181c48d2a5636e4232e3f30cb"`);
        await queryRunner.query(`ALTER TABLE "question" DROP CONSTRAINT "FK_620eb5532b53d6fcfd714014fcb"`);
        await queryRunner.query(`ALTER TABLE "question" DROP CONSTRAINT "FK_6ea76e3151cd1f4bb2f44fb6b65"`);
        await queryRunner.query(`ALTER TABLE "qa_session" DROP CONSTRAINT "FK_1816cd195364ee0ed036ee89ac6"`);
        await queryRunner.query(`DROP TABLE "raised_hand"`);
        await queryRunner.query(`DROP TABLE "question_vote"`);
        await queryRunner.query(`DROP TABLE "question"`);
        await queryRunner.query(`DROP TABLE "qa_session"`);
        await queryRunner.query(`DROP TABLE IF EXISTS "socket_io_attachments"`);
    }

}
