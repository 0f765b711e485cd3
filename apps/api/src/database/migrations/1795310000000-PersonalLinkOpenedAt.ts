import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Invitations (issue 13): when a personal link was first used (the organiser sees "opened"), and
 * at most one working link per person of the programme, so that two "Send invitations" at once
 * cannot mail someone twice.
 */
export class PersonalLinkOpenedAt1795310000000 implements MigrationInterface {
    name = 'PersonalLinkOpenedAt1795310000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "personal_link" ADD "opened_at" TIMESTAMP WITH TIME ZONE`);
        // The best we know of links used before: their last use.
        await queryRunner.query(`UPDATE "personal_link" SET "opened_at" = "last_used_at" WHERE "last_used_at" IS NOT NULL`);
        // Should a race have left two working links for one person, the newest stays.
        await queryRunner.query(`UPDATE "personal_link" p SET "revoked_at" = now(), "revoked_reason" = 'replaced' WHERE p."person_id" IS NOT NULL AND p."revoked_at" IS NULL AND EXISTS (SELECT 1 FROM "personal_link" n WHERE n."person_id" = p."person_id" AND n."revoked_at" IS NULL AND (n."created_at", n."id") > (p."created_at", p."id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_personal_link_working_person" ON "personal_link" ("person_id") WHERE "person_id" IS NOT NULL AND "revoked_at" IS NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."uq_personal_link_working_person"`);
        await queryRunner.query(`ALTER TABLE "personal_link" DROP COLUMN "opened_at"`);
    }

}
