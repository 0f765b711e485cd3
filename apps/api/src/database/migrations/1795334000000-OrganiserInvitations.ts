import { MigrationInterface, QueryRunner } from "typeorm";

/** Invitations to co-organise an event sent to addresses without an account (issue 13, item 4): hashed single-use tokens that expire. */
export class OrganiserInvitations1795334000000 implements MigrationInterface {
    name = 'OrganiserInvitations1795334000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "organiser_invitation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "email" text NOT NULL, "token_hash" text NOT NULL, "language" text NOT NULL, "invited_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_organiser_invitation" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_organiser_invitation_token_hash" ON "organiser_invitation" ("token_hash") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_organiser_invitation_event_email" ON "organiser_invitation" ("event_id", "email") `);
        await queryRunner.query(`ALTER TABLE "organiser_invitation" ADD CONSTRAINT "fk_organiser_invitation_event" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "organiser_invitation" ADD CONSTRAINT "fk_organiser_invitation_invited_by" FOREIGN KEY ("invited_by") REFERENCES "organiser"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "organiser_invitation" DROP CONSTRAINT "fk_organiser_invitation_invited_by"`);
        await queryRunner.query(`ALTER TABLE "organiser_invitation" DROP CONSTRAINT "fk_organiser_invitation_event"`);
        await queryRunner.query(`DROP INDEX "public"."uq_organiser_invitation_event_email"`);
        await queryRunner.query(`DROP INDEX "public"."uq_organiser_invitation_token_hash"`);
        await queryRunner.query(`DROP TABLE "organiser_invitation"`);
    }

}
