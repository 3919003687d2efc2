-- Net-change planning (src/domain/planning/net-change.service.ts): when the current plan was last brought up to date
-- by re-planning the materials that changed since its run.

-- AlterTable
ALTER TABLE "mrp_run" ADD COLUMN "net_change_at" TIMESTAMP(3);
