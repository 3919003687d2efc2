-- Rules (src/domain/rules): when an event, if conditions, then actions. A rule's definition lives in its
-- versions (every change is a new version); a firing records what one version did for one event, once.
CREATE TABLE "rule" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "warehouse_id" INTEGER,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by" TEXT NOT NULL,

    CONSTRAINT "rule_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "rule_version" (
    "rule_id" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "topic" TEXT NOT NULL,
    "trigger_minutes" INTEGER,
    "conditions" JSONB NOT NULL,
    "actions" JSONB NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT NOT NULL,

    CONSTRAINT "rule_version_pkey" PRIMARY KEY ("rule_id","version")
);

CREATE TABLE "rule_firing" (
    "id" BIGSERIAL NOT NULL,
    "rule_id" INTEGER NOT NULL,
    "rule_version" INTEGER NOT NULL,
    "event_position" BIGINT NOT NULL,
    "topic" TEXT NOT NULL,
    "warehouse_id" INTEGER,
    "status" TEXT NOT NULL,
    "actions" JSONB NOT NULL,
    "error" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "rule_firing_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "exception_aging_mark" (
    "exception_id" INTEGER NOT NULL,
    "minutes" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "exception_aging_mark_pkey" PRIMARY KEY ("exception_id","minutes")
);

CREATE UNIQUE INDEX "rule_name_key" ON "rule"("name");
CREATE UNIQUE INDEX "rule_firing_rule_id_event_position_key" ON "rule_firing"("rule_id", "event_position");
CREATE INDEX "rule_firing_warehouse_id_id_idx" ON "rule_firing"("warehouse_id", "id");

ALTER TABLE "rule" ADD CONSTRAINT "rule_warehouse_id_fkey" FOREIGN KEY ("warehouse_id") REFERENCES "warehouse"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "rule_version" ADD CONSTRAINT "rule_version_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "rule"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "rule_firing" ADD CONSTRAINT "rule_firing_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "rule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- What caused an event written by a rule's action ({ruleId, sourceEventId, depth}); null for everything else.
ALTER TABLE "event" ADD COLUMN "cause" JSONB;
