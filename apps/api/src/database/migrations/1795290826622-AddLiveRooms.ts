import { MigrationInterface, QueryRunner } from "typeorm";

export class AddLiveRooms1795290826622 implements MigrationInterface {
    name = 'AddLiveRooms1795290826622'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "live_room" ("session_id" uuid NOT NULL, "state" text NOT NULL DEFAULT 'scheduled', "went_live_at" TIMESTAMP WITH TIME ZONE, "ended_at" TIMESTAMP WITH TIME ZONE, "room_started_at" TIMESTAMP WITH TIME ZONE, "room_finished_at" TIMESTAMP WITH TIME ZONE, "on_stage" text array NOT NULL DEFAULT '{}', CONSTRAINT "PK_1cc8eed95bf4c2fea22e0110363" PRIMARY KEY ("session_id"))`);
        await queryRunner.query(`CREATE TABLE "attendance" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "session_id" uuid NOT NULL, "identity" text NOT NULL, "participant_sid" text NOT NULL, "name" text NOT NULL, "role" text, "joined_at" TIMESTAMP WITH TIME ZONE NOT NULL, "left_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "uq_attendance_participant_sid" UNIQUE ("session_id", "participant_sid"), CONSTRAINT "PK_ee0ffe42c1f1a01e72b725c0cb2" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_attendance_session_identity" ON "attendance"  ("session_id", "identity") `);
        await queryRunner.query(`CREATE TABLE "live_removal" ("session_id" uuid NOT NULL, "identity" text NOT NULL, "reason" text, "removed_by" text NOT NULL, "removed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4be545a3e3d44e3f0d8ce162a10" PRIMARY KEY ("session_id", "identity"))`);
        await queryRunner.query(`ALTER TABLE "live_room" ADD CONSTRAINT "FK_1cc8eed95bf4c2fea22e0110363" FOREIGN KEY ("session_id") REFERENCES "session"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "attendance" ADD CONSTRAINT "FK_5940f7beb6d791a618dbf88361e" FOREIGN KEY ("session_id") REFERENCES "session"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "live_removal" ADD CONSTRAINT "FK_f3463d44f47a2a5e10b6f97f2f0" FOREIGN KEY ("session_id") REFERENCES "session"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "live_removal" DROP CONSTRAINT "FK_f3463d44f47a2a5e10b6f97f2f0"`);
        await queryRunner.query(`ALTER TABLE "attendance" DROP CONSTRAINT "FK_5940f7beb6d791a618dbf88361e"`);
        await queryRunner.query(`ALTER TABLE "live_room" DROP CONSTRAINT "FK_1cc8eed95bf4c2fea22e0110363"`);
        await queryRunner.query(`DROP TABLE "live_removal"`);
        await queryRunner.query(`DROP INDEX "public"."ix_attendance_session_identity"`);
        await queryRunner.query(`DROP TABLE "attendance"`);
        await queryRunner.query(`DROP TABLE "live_room"`);
    }

}
