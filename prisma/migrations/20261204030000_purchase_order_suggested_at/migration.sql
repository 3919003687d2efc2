-- When the MRP suggestion a purchase order was released from was made (its run's finish), kept on the order:
-- runs are pruned to the newest few per warehouse, with their suggestions, and the purchasing-cycle KPIs
-- (suggested → ordered → received) still need the start of the cycle.

-- AlterTable
ALTER TABLE "purchase_order" ADD COLUMN "suggested_at" TIMESTAMP(3);

-- the orders released before, from the suggestions and runs still there
UPDATE "purchase_order" p SET "suggested_at" = COALESCE(r."finished_at", r."created_at")
  FROM "purchase_suggestion" s JOIN "mrp_run" r ON r."id" = s."mrp_run_id"
 WHERE s."id" = p."purchase_suggestion_id";
