import { MigrationInterface, QueryRunner } from "typeorm";

/** The call for communications and the scientific committee's review (issue 14): the call, submitters (with their personal links), proposals, reviewers, assignments, reviews and declared conflicts. */
export class CallForProposals1795340000000 implements MigrationInterface {
    name = 'CallForProposals1795340000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "call_for_proposals" ("event_id" uuid NOT NULL, "published" boolean NOT NULL DEFAULT false, "opens_at" TIMESTAMP WITH TIME ZONE NOT NULL, "closes_at" TIMESTAMP WITH TIME ZONE NOT NULL, "editable_until" TIMESTAMP WITH TIME ZONE, "argument" jsonb, "instructions" jsonb, "themes" jsonb NOT NULL DEFAULT '[]', "types" jsonb NOT NULL DEFAULT '[]', "fields" jsonb NOT NULL DEFAULT '{}', "questions" jsonb NOT NULL DEFAULT '[]', "max_proposals_per_submitter" integer, "reviewers_per_proposal" integer NOT NULL DEFAULT 2, "review_deadline" TIMESTAMP WITH TIME ZONE, "anonymous_review" boolean NOT NULL DEFAULT false, "criteria" jsonb NOT NULL DEFAULT '[]', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_call_for_proposals" PRIMARY KEY ("event_id"))`);
        await queryRunner.query(`ALTER TABLE "call_for_proposals" ADD CONSTRAINT "fk_call_for_proposals_event" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

        await queryRunner.query(`CREATE TABLE "submitter" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "name" text NOT NULL, "email" text NOT NULL, "affiliation" text, "language" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_submitter" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_submitter_event_email" ON "submitter" ("event_id", "email") `);
        await queryRunner.query(`ALTER TABLE "submitter" ADD CONSTRAINT "fk_submitter_event" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

        await queryRunner.query(`CREATE TABLE "submission" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "submitter_id" uuid NOT NULL, "status" text NOT NULL, "type_key" text NOT NULL, "theme_key" text, "title" text NOT NULL, "abstract" text NOT NULL DEFAULT '', "keywords" jsonb NOT NULL DEFAULT '[]', "references" text, "language" text, "format" text, "authors" jsonb NOT NULL DEFAULT '[]', "answers" jsonb NOT NULL DEFAULT '{}', "conflict_person_ids" jsonb NOT NULL DEFAULT '[]', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "submitted_at" TIMESTAMP WITH TIME ZONE, "withdrawn_at" TIMESTAMP WITH TIME ZONE, "decision" text, "decision_message" text, "decision_sent_at" TIMESTAMP WITH TIME ZONE, "sent_decision" text, "comments_sent" boolean NOT NULL DEFAULT false, "confirmed_at" TIMESTAMP WITH TIME ZONE, "declined_at" TIMESTAMP WITH TIME ZONE, "confirmation_reminded_at" TIMESTAMP WITH TIME ZONE, "talk_id" uuid, CONSTRAINT "PK_submission" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_submission_event" ON "submission" ("event_id") `);
        await queryRunner.query(`CREATE INDEX "ix_submission_submitter" ON "submission" ("submitter_id") `);
        await queryRunner.query(`ALTER TABLE "submission" ADD CONSTRAINT "fk_submission_event" FOREIGN KEY ("event_id") REFERENCES "event"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "submission" ADD CONSTRAINT "fk_submission_submitter" FOREIGN KEY ("submitter_id") REFERENCES "submitter"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

        await queryRunner.query(`CREATE TABLE "call_reviewer" ("event_id" uuid NOT NULL, "person_id" uuid NOT NULL, "theme_keys" jsonb NOT NULL DEFAULT '[]', "notified_at" TIMESTAMP WITH TIME ZONE, "reminded_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_call_reviewer" PRIMARY KEY ("event_id", "person_id"))`);
        await queryRunner.query(`ALTER TABLE "call_reviewer" ADD CONSTRAINT "fk_call_reviewer_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

        await queryRunner.query(`CREATE TABLE "review_assignment" ("submission_id" uuid NOT NULL, "person_id" uuid NOT NULL, "event_id" uuid NOT NULL, "assigned_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "notified_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_review_assignment" PRIMARY KEY ("submission_id", "person_id"))`);
        await queryRunner.query(`CREATE INDEX "ix_review_assignment_person" ON "review_assignment" ("person_id") `);
        await queryRunner.query(`CREATE INDEX "ix_review_assignment_event" ON "review_assignment" ("event_id") `);
        await queryRunner.query(`ALTER TABLE "review_assignment" ADD CONSTRAINT "fk_review_assignment_submission" FOREIGN KEY ("submission_id") REFERENCES "submission"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "review_assignment" ADD CONSTRAINT "fk_review_assignment_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

        await queryRunner.query(`CREATE TABLE "review" ("submission_id" uuid NOT NULL, "person_id" uuid NOT NULL, "event_id" uuid NOT NULL, "scores" jsonb NOT NULL DEFAULT '{}', "recommendation" text NOT NULL, "comment_to_authors" text NOT NULL DEFAULT '', "comment_to_committee" text NOT NULL DEFAULT '', "submitted_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_review" PRIMARY KEY ("submission_id", "person_id"))`);
        await queryRunner.query(`CREATE INDEX "ix_review_event" ON "review" ("event_id") `);
        await queryRunner.query(`ALTER TABLE "review" ADD CONSTRAINT "fk_review_submission" FOREIGN KEY ("submission_id") REFERENCES "submission"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "review" ADD CONSTRAINT "fk_review_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

        await queryRunner.query(`CREATE TABLE "reviewer_conflict" ("submission_id" uuid NOT NULL, "person_id" uuid NOT NULL, "event_id" uuid NOT NULL, "reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_reviewer_conflict" PRIMARY KEY ("submission_id", "person_id"))`);
        await queryRunner.query(`CREATE INDEX "ix_reviewer_conflict_event" ON "reviewer_conflict" ("event_id") `);
        await queryRunner.query(`ALTER TABLE "reviewer_conflict" ADD CONSTRAINT "fk_reviewer_conflict_submission" FOREIGN KEY ("submission_id") REFERENCES "submission"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "reviewer_conflict" ADD CONSTRAINT "fk_reviewer_conflict_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

        await queryRunner.query(`ALTER TABLE "personal_link" ADD "submitter_id" uuid`);
        await queryRunner.query(`CREATE INDEX "ix_personal_link_submitter" ON "personal_link" ("submitter_id") `);
        await queryRunner.query(`ALTER TABLE "personal_link" ADD CONSTRAINT "fk_personal_link_submitter" FOREIGN KEY ("submitter_id") REFERENCES "submitter"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "personal_link" DROP CONSTRAINT "fk_personal_link_submitter"`);
        await queryRunner.query(`DROP INDEX "public"."ix_personal_link_submitter"`);
        await queryRunner.query(`ALTER TABLE "personal_link" DROP COLUMN "submitter_id"`);
        await queryRunner.query(`DROP TABLE "reviewer_conflict"`);
        await queryRunner.query(`DROP TABLE "review"`);
        await queryRunner.query(`DROP TABLE "review_assignment"`);
        await queryRunner.query(`DROP TABLE "call_reviewer"`);
        await queryRunner.query(`DROP TABLE "submission"`);
        await queryRunner.query(`DROP TABLE "submitter"`);
        await queryRunner.query(`DROP TABLE "call_for_proposals"`);
    }

}
