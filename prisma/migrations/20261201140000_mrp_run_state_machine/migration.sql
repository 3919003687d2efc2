-- One state machine for MRP runs: QUEUED → RUNNING → COMPLETED | FAILED. Only a RUNNING run has a phase
-- (LOADING, PLANNING, PERSISTING); before, a new run was RUNNING with phase QUEUED and an ended one carried
-- DONE or FAILED as its phase too.

-- CreateEnum
CREATE TYPE "MrpRunPhase" AS ENUM ('LOADING', 'PLANNING', 'PERSISTING');

-- existing runs, in the new states
UPDATE "mrp_run" SET "status" = 'QUEUED', "started_at" = NULL WHERE "status" = 'RUNNING' AND "phase" = 'QUEUED';
UPDATE "mrp_run" SET "phase" = 'LOADING' WHERE "status" = 'RUNNING' AND "phase" IS DISTINCT FROM 'PLANNING' AND "phase" IS DISTINCT FROM 'PERSISTING';
UPDATE "mrp_run" SET "phase" = NULL WHERE "status" <> 'RUNNING';

-- AlterTable
ALTER TABLE "mrp_run" ALTER COLUMN "phase" TYPE "MrpRunPhase" USING "phase"::"MrpRunPhase";

-- Guard Prisma's schema language cannot express
ALTER TABLE "mrp_run" ADD CONSTRAINT "mrp_run_phase_only_while_running" CHECK (("status" = 'RUNNING') = ("phase" IS NOT NULL));

-- progress events kept for resuming subscribers, in the same states
UPDATE "event" SET "payload" = "payload" || '{"status": "QUEUED", "phase": null}'::jsonb
 WHERE "topic" = 'mrp.progress' AND "payload"->>'phase' = 'QUEUED';
UPDATE "event" SET "payload" = "payload" || '{"phase": null}'::jsonb
 WHERE "topic" = 'mrp.progress' AND "payload"->>'status' <> 'RUNNING';
