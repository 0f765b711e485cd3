import { MigrationInterface, QueryRunner } from "typeorm";

/** The organisers' cookie sessions (issue 13): hashed tokens, expiry, revocation at sign-out. */
export class OrganiserSessions1795320000000 implements MigrationInterface {
    name = 'OrganiserSessions1795320000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "organiser_session" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organiser_id" uuid NOT NULL, "token_hash" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_organiser_session" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_organiser_session_organiser" ON "organiser_session" ("organiser_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_organiser_session_token_hash" ON "organiser_session" ("token_hash") `);
        await queryRunner.query(`ALTER TABLE "organiser_session" ADD CONSTRAINT "fk_organiser_session_organiser" FOREIGN KEY ("organiser_id") REFERENCES "organiser"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "organiser_session" DROP CONSTRAINT "fk_organiser_session_organiser"`);
        await queryRunner.query(`DROP INDEX "public"."uq_organiser_session_token_hash"`);
        await queryRunner.query(`DROP INDEX "public"."ix_organiser_session_organiser"`);
        await queryRunner.query(`DROP TABLE "organiser_session"`);
    }

}
