-- Readings waiting to be announced as `device.readings` events, one per device and second instead of one per
-- message: every event passes the publisher and wakes every follower of all topics, which cost more than storing
-- the reading (docs/benchmarks.md, devices).
-- CreateTable
CREATE TABLE "reading_announcement" (
    "id" BIGSERIAL NOT NULL,
    "payload" JSONB NOT NULL,

    CONSTRAINT "reading_announcement_pkey" PRIMARY KEY ("id")
);
