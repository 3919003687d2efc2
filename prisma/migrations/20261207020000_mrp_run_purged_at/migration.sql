-- Superseded runs are purged instead of deleted (src/domain/planning/purge-runs.ts): their unreleased planned
-- orders, purchase suggestions and planned transfers go; the run, its exceptions and its released rows stay.
-- AlterTable
ALTER TABLE "mrp_run" ADD COLUMN "purged_at" TIMESTAMP(3);
