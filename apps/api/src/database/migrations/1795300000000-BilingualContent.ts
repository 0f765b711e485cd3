import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Content people read becomes bilingual (issue 12). Written by hand (a generated migration would drop
 * and re-add the columns, losing what they hold): existing values are kept, labelled with the
 * language they were most likely written in, the event's main language.
 * - event.keywords: text[] → jsonb { "<main language>": [...] } ({} when there were none);
 * - person.title: text → jsonb { "<main language of the person's event>": "..." } (NULL stays NULL);
 * - committee_member.role: the only role text Amphi itself ever wrote, the demo data's English
 *   {"en":"member"}, gains its French ("membre"); roles typed by organisers are left as they are.
 * A column's USING expression cannot read another table, hence the new column filled by an UPDATE.
 */
export class BilingualContent1795300000000 implements MigrationInterface {
    name = 'BilingualContent1795300000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "event" ALTER COLUMN "keywords" DROP DEFAULT`);
        await queryRunner.query(`ALTER TABLE "event" ALTER COLUMN "keywords" TYPE jsonb USING CASE WHEN cardinality("keywords") = 0 THEN '{}'::jsonb ELSE jsonb_build_object("main_language", to_jsonb("keywords")) END`);
        await queryRunner.query(`ALTER TABLE "event" ALTER COLUMN "keywords" SET DEFAULT '{}'`);

        await queryRunner.query(`ALTER TABLE "person" ADD "localized_title" jsonb`);
        await queryRunner.query(`UPDATE "person" SET "localized_title" = jsonb_build_object("event"."main_language", btrim("person"."title")) FROM "event" WHERE "event"."id" = "person"."event_id" AND btrim("person"."title") <> ''`);
        await queryRunner.query(`ALTER TABLE "person" DROP COLUMN "title"`);
        await queryRunner.query(`ALTER TABLE "person" RENAME COLUMN "localized_title" TO "title"`);

        await queryRunner.query(`UPDATE "committee_member" SET "role" = '{"en":"member","fr":"membre"}'::jsonb WHERE "role" = '{"en":"member"}'::jsonb`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        // Back to one text per value: the main language's, else whichever there is.
        await queryRunner.query(`ALTER TABLE "person" ADD "plain_title" text`);
        await queryRunner.query(`UPDATE "person" SET "plain_title" = COALESCE("person"."title" ->> "event"."main_language", "person"."title" ->> 'fr', "person"."title" ->> 'en') FROM "event" WHERE "event"."id" = "person"."event_id" AND "person"."title" IS NOT NULL`);
        await queryRunner.query(`ALTER TABLE "person" DROP COLUMN "title"`);
        await queryRunner.query(`ALTER TABLE "person" RENAME COLUMN "plain_title" TO "title"`);

        await queryRunner.query(`ALTER TABLE "event" ADD "plain_keywords" text array NOT NULL DEFAULT '{}'`);
        await queryRunner.query(`UPDATE "event" SET "plain_keywords" = ARRAY(SELECT jsonb_array_elements_text(COALESCE("keywords" -> "main_language", "keywords" -> 'fr', "keywords" -> 'en', '[]'::jsonb)))`);
        await queryRunner.query(`ALTER TABLE "event" DROP COLUMN "keywords"`);
        await queryRunner.query(`ALTER TABLE "event" RENAME COLUMN "plain_keywords" TO "keywords"`);
    }

}
