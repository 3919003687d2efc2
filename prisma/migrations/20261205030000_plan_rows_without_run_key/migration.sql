-- A run writes its planned orders and purchase suggestions 100k+ rows at a time (COPY), and the foreign key to
-- mrp_run checked every one of them: ~40 % of writing them (docs/benchmarks.md, MRP). Only the run service
-- writes them, for a run it has just created, and pruning a run deletes them with it (planning.store.ts pruneRuns).
ALTER TABLE "planned_order" DROP CONSTRAINT "planned_order_mrp_run_id_fkey";
ALTER TABLE "purchase_suggestion" DROP CONSTRAINT "purchase_suggestion_mrp_run_id_fkey";
