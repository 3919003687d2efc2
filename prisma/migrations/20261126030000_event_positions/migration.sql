-- Events get their place in publish order (`position`), given by the publisher under a lock, so that a
-- subscriber resuming after an event misses none: ids follow inserts, and a transaction that commits
-- late publishes a lower id after higher ones. Events published before keep their id as position.

-- DropIndex
DROP INDEX "event_topic_id_idx";

-- AlterTable
ALTER TABLE "event" ADD COLUMN     "position" BIGINT;

UPDATE "event" SET "position" = "id" WHERE "published_at" IS NOT NULL;

CREATE SEQUENCE "event_position_seq";
SELECT setval('event_position_seq', (SELECT coalesce(max("id"), 0) + 1 FROM "event"), false);

-- CreateIndex
CREATE UNIQUE INDEX "event_position_key" ON "event"("position");

-- CreateIndex
CREATE INDEX "event_topic_position_idx" ON "event"("topic", "position");
