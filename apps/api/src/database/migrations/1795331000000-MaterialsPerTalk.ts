import { MigrationInterface, QueryRunner } from "typeorm";

/** Materials per talk (issue 13): a download may belong to one talk of the event (its slides, its paper). */
export class MaterialsPerTalk1795331000000 implements MigrationInterface {
    name = 'MaterialsPerTalk1795331000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "download" ADD "talk_id" uuid`);
        await queryRunner.query(`CREATE INDEX "ix_download_talk" ON "download" ("talk_id") `);
        await queryRunner.query(`ALTER TABLE "download" ADD CONSTRAINT "fk_download_talk" FOREIGN KEY ("talk_id") REFERENCES "talk"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "download" DROP CONSTRAINT "fk_download_talk"`);
        await queryRunner.query(`DROP INDEX "public"."ix_download_talk"`);
        await queryRunner.query(`ALTER TABLE "download" DROP COLUMN "talk_id"`);
    }

}
