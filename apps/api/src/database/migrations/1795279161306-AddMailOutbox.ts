import { MigrationInterface, QueryRunner } from "typeorm";

export class AddMailOutbox1795279161306 implements MigrationInterface {
    name = 'AddMailOutbox1795279161306'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "outbox_mail" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "to_address" text NOT NULL, "subject" text NOT NULL, "text_body" text, "html_body" text, "event_id" uuid, "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_d209706daddb0762c743fb58634" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_outbox_mail_event" ON "outbox_mail"  ("event_id") `);
        await queryRunner.query(`CREATE INDEX "ix_outbox_mail_due" ON "outbox_mail"  ("status", "next_attempt_at") `);
        await queryRunner.query(`ALTER TABLE "outbox_mail" ADD CONSTRAINT "FK_91991b33166dd188bc3eb41ca69" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "outbox_mail" DROP CONSTRAINT "FK_91991b33166dd188bc3eb41ca69"`);
        await queryRunner.query(`DROP INDEX "public"."ix_outbox_mail_due"`);
        await queryRunner.query(`DROP INDEX "public"."ix_outbox_mail_event"`);
        await queryRunner.query(`DROP TABLE "outbox_mail"`);
    }

}
