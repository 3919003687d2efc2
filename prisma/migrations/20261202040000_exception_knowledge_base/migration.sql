-- Exceptions as a knowledge base: a cause, who is on it, when it was acknowledged and resolved (and by
-- whom, with a note), the actions taken, links to what it concerns, and full-text search.
CREATE TYPE "ExceptionCause" AS ENUM ('MATERIAL_SHORTAGE', 'SUPPLIER_LATE', 'QUALITY_DEFECT', 'EQUIPMENT_BREAKDOWN', 'PLANNING_ERROR', 'DATA_ERROR', 'OTHER');
CREATE TYPE "ExceptionActionResult" AS ENUM ('SUCCEEDED', 'FAILED', 'SKIPPED');
CREATE TYPE "ExceptionLinkKind" AS ENUM ('WORK_ORDER', 'LOT', 'DEVICE', 'WORK_CENTER', 'PURCHASE_ORDER', 'TRANSFER_ORDER', 'ALARM');

ALTER TABLE "exception" ADD COLUMN "acknowledged_at" TIMESTAMP(3),
ADD COLUMN "acknowledged_by" TEXT,
ADD COLUMN "assigned_at" TIMESTAMP(3),
ADD COLUMN "assignee" TEXT,
ADD COLUMN "cause" "ExceptionCause",
ADD COLUMN "cause_text" TEXT,
ADD COLUMN "resolution_note" TEXT,
ADD COLUMN "resolved_by" TEXT;

-- Written by PostgreSQL itself from the texts people search (Prisma cannot express a generated column:
-- schema.prisma declares it as a plain tsvector). The config is named, so the expression is immutable.
ALTER TABLE "exception" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (
  to_tsvector('english', coalesce("message", '') || ' ' || coalesce("cause_text", '') || ' ' || coalesce("resolution_note", ''))
) STORED;

CREATE INDEX "exception_created_at_idx" ON "exception"("created_at");
CREATE INDEX "exception_material_id_idx" ON "exception"("material_id");
CREATE INDEX "exception_search_idx" ON "exception" USING GIN ("search");

CREATE TABLE "exception_action" (
    "id" SERIAL NOT NULL,
    "exception_id" INTEGER NOT NULL,
    "action" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "result" "ExceptionActionResult" NOT NULL DEFAULT 'SUCCEEDED',
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "exception_action_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "exception_action_exception_id_idx" ON "exception_action"("exception_id");
ALTER TABLE "exception_action" ADD CONSTRAINT "exception_action_exception_id_fkey" FOREIGN KEY ("exception_id") REFERENCES "exception"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "exception_link" (
    "id" SERIAL NOT NULL,
    "exception_id" INTEGER NOT NULL,
    "kind" "ExceptionLinkKind" NOT NULL,
    "target_id" INTEGER NOT NULL,
    "ref" TEXT NOT NULL,

    CONSTRAINT "exception_link_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "exception_link_kind_target_id_idx" ON "exception_link"("kind", "target_id");
CREATE UNIQUE INDEX "exception_link_exception_id_kind_target_id_key" ON "exception_link"("exception_id", "kind", "target_id");
ALTER TABLE "exception_link" ADD CONSTRAINT "exception_link_exception_id_fkey" FOREIGN KEY ("exception_id") REFERENCES "exception"("id") ON DELETE CASCADE ON UPDATE CASCADE;
