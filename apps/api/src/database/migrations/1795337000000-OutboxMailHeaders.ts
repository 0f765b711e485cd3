import { MigrationInterface, QueryRunner } from "typeorm";

/** Reminders (issue 13, item 6): a mail may carry extra headers (List-Unsubscribe), erased once sent like its bodies. */
export class OutboxMailHeaders1795337000000 implements MigrationInterface {
    name = 'OutboxMailHeaders1795337000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "outbox_mail" ADD "headers" jsonb`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "outbox_mail" DROP COLUMN "headers"`);
    }

}
