-- Multi-warehouse planning (src/domain/mrp/plan-warehouses.ts): a run may plan several warehouses together, one
-- mrp_run per warehouse sharing a group_id (the first run's id), and covers a destination's shortages by planned
-- transfers from other warehouses' surplus, stored with the destination's plan and released into transfer orders.

-- AlterTable
ALTER TABLE "mrp_run" ADD COLUMN "group_id" INTEGER;

-- CreateTable
CREATE TABLE "planned_transfer" (
    "id" SERIAL NOT NULL,
    "mrp_run_id" INTEGER NOT NULL,
    "source_run_id" INTEGER NOT NULL,
    "material_id" INTEGER NOT NULL,
    "from_warehouse_id" INTEGER NOT NULL,
    "to_warehouse_id" INTEGER NOT NULL,
    "quantity" DECIMAL(18,6) NOT NULL,
    "ship_date" TIMESTAMP(3) NOT NULL,
    "due_date" TIMESTAMP(3) NOT NULL,
    "transit_days" INTEGER NOT NULL,
    "status" "SuggestionStatus" NOT NULL DEFAULT 'SUGGESTED',
    "pegs" JSONB NOT NULL DEFAULT '[]',
    "transfer_order_id" INTEGER,

    CONSTRAINT "planned_transfer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "mrp_run_group_id_idx" ON "mrp_run"("group_id");

-- CreateIndex
CREATE INDEX "planned_transfer_mrp_run_id_material_id_idx" ON "planned_transfer"("mrp_run_id", "material_id");

-- CreateIndex
CREATE INDEX "planned_transfer_source_run_id_idx" ON "planned_transfer"("source_run_id");

-- AddForeignKey
ALTER TABLE "planned_transfer" ADD CONSTRAINT "planned_transfer_mrp_run_id_fkey" FOREIGN KEY ("mrp_run_id") REFERENCES "mrp_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
