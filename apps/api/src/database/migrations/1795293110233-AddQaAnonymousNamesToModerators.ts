import { MigrationInterface, QueryRunner } from "typeorm";

export class AddQaAnonymousNamesToModerators1795293110233 implements MigrationInterface {
    name = 'AddQaAnonymousNamesToModerators1795293110233'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "event" ADD "qa_anonymous_names_to_moderators" boolean NOT NULL DEFAULT false`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "qa_anonymous_names_to_moderators"`);
    }

}
