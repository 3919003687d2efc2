-- Shortage policy (src/domain/shortages: shortage_policy, transit_lane), the substitutions it makes on work orders
-- (src/domain/work-orders: work_order_substitution), and exception links to a material (a substitute used).

-- CreateEnum
CREATE TYPE "ShortageMode" AS ENUM ('AUTO', 'SUGGEST_ONLY');

-- CreateEnum
CREATE TYPE "TransferSourceSelection" AS ENUM ('PRIORITY', 'NEAREST');

-- AlterEnum
ALTER TYPE "ExceptionLinkKind" ADD VALUE 'MATERIAL';

-- CreateTable
CREATE TABLE "work_order_substitution" (
    "id" SERIAL NOT NULL,
    "work_order_id" INTEGER NOT NULL,
    "material_id" INTEGER NOT NULL,
    "substitute_id" INTEGER NOT NULL,
    "quantity" DECIMAL(18,6) NOT NULL,
    "substitute_quantity" DECIMAL(18,6) NOT NULL,
    "ratio" DECIMAL(18,6) NOT NULL,
    "exception_id" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT NOT NULL,

    CONSTRAINT "work_order_substitution_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "shortage_policy" (
    "id" SERIAL NOT NULL,
    "material_id" INTEGER,
    "warehouse_id" INTEGER,
    "material_key" INTEGER NOT NULL DEFAULT 0,
    "warehouse_key" INTEGER NOT NULL DEFAULT 0,
    "mode" "ShortageMode" NOT NULL,
    "use_substitutes" BOOLEAN NOT NULL DEFAULT true,
    "use_transfers" BOOLEAN NOT NULL DEFAULT true,
    "source_selection" "TransferSourceSelection" NOT NULL DEFAULT 'PRIORITY',
    "transfer_source_ids" INTEGER[],
    "use_purchase" BOOLEAN NOT NULL DEFAULT true,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by" TEXT NOT NULL,

    CONSTRAINT "shortage_policy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "transit_lane" (
    "id" SERIAL NOT NULL,
    "from_warehouse_id" INTEGER NOT NULL,
    "to_warehouse_id" INTEGER NOT NULL,
    "transit_days" INTEGER NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by" TEXT NOT NULL,

    CONSTRAINT "transit_lane_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "work_order_substitution_work_order_id_idx" ON "work_order_substitution"("work_order_id");

-- CreateIndex
CREATE UNIQUE INDEX "shortage_policy_material_key_warehouse_key_key" ON "shortage_policy"("material_key", "warehouse_key");

-- CreateIndex
CREATE UNIQUE INDEX "transit_lane_from_warehouse_id_to_warehouse_id_key" ON "transit_lane"("from_warehouse_id", "to_warehouse_id");

-- AddForeignKey
ALTER TABLE "work_order_substitution" ADD CONSTRAINT "work_order_substitution_work_order_id_fkey" FOREIGN KEY ("work_order_id") REFERENCES "work_order"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "work_order_substitution" ADD CONSTRAINT "work_order_substitution_material_id_fkey" FOREIGN KEY ("material_id") REFERENCES "material"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "work_order_substitution" ADD CONSTRAINT "work_order_substitution_substitute_id_fkey" FOREIGN KEY ("substitute_id") REFERENCES "material"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shortage_policy" ADD CONSTRAINT "shortage_policy_material_id_fkey" FOREIGN KEY ("material_id") REFERENCES "material"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "shortage_policy" ADD CONSTRAINT "shortage_policy_warehouse_id_fkey" FOREIGN KEY ("warehouse_id") REFERENCES "warehouse"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transit_lane" ADD CONSTRAINT "transit_lane_from_warehouse_id_fkey" FOREIGN KEY ("from_warehouse_id") REFERENCES "warehouse"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transit_lane" ADD CONSTRAINT "transit_lane_to_warehouse_id_fkey" FOREIGN KEY ("to_warehouse_id") REFERENCES "warehouse"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Hand-written guards (not part of the drift comparison)
ALTER TABLE "transit_lane" ADD CONSTRAINT "transit_lane_two_warehouses" CHECK ("from_warehouse_id" <> "to_warehouse_id");
ALTER TABLE "transit_lane" ADD CONSTRAINT "transit_lane_days" CHECK ("transit_days" >= 0);
ALTER TABLE "work_order_substitution" ADD CONSTRAINT "work_order_substitution_positive" CHECK ("quantity" > 0 AND "substitute_quantity" > 0 AND "ratio" > 0);
