-- Inventory policy (src/domain/inventory-policy: classification_settings, inventory_policy, inventory_policy_run,
-- inventory_policy_change): computed safety stock and reorder point per material and warehouse, ABC/XYZ settings and
-- the history of recomputations; the XYZ class and classification date on the material (src/domain/materials).

-- CreateEnum
CREATE TYPE "XyzClass" AS ENUM ('X', 'Y', 'Z');

-- CreateEnum
CREATE TYPE "DemandBucket" AS ENUM ('DAY', 'WEEK', 'MONTH');

-- CreateEnum
CREATE TYPE "PolicyTrigger" AS ENUM ('MUTATION', 'SCHEDULE');

-- AlterTable
ALTER TABLE "material" ADD COLUMN     "classified_at" TIMESTAMP(3),
ADD COLUMN     "xyz_class" "XyzClass";

-- CreateTable
CREATE TABLE "classification_settings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "abc_share_a" DOUBLE PRECISION NOT NULL,
    "abc_share_b" DOUBLE PRECISION NOT NULL,
    "abc_share_c" DOUBLE PRECISION NOT NULL,
    "xyz_max_x" DOUBLE PRECISION NOT NULL,
    "xyz_max_y" DOUBLE PRECISION NOT NULL,
    "service_level_a" DOUBLE PRECISION NOT NULL,
    "service_level_b" DOUBLE PRECISION NOT NULL,
    "service_level_c" DOUBLE PRECISION NOT NULL,
    "count_every_days_a" INTEGER,
    "count_every_days_b" INTEGER,
    "count_every_days_c" INTEGER,
    "bucket" "DemandBucket" NOT NULL,
    "history_buckets" INTEGER NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by" TEXT NOT NULL,

    CONSTRAINT "classification_settings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inventory_policy" (
    "id" SERIAL NOT NULL,
    "material_id" INTEGER NOT NULL,
    "warehouse_id" INTEGER NOT NULL,
    "service_level" DOUBLE PRECISION NOT NULL,
    "z" DOUBLE PRECISION NOT NULL,
    "bucket" "DemandBucket" NOT NULL,
    "history_buckets" INTEGER NOT NULL,
    "mean_demand" DECIMAL(18,6) NOT NULL,
    "demand_sigma" DECIMAL(18,6) NOT NULL,
    "lead_time_days" DECIMAL(10,3) NOT NULL,
    "lead_time_sigma_days" DECIMAL(10,3) NOT NULL,
    "lead_time_samples" INTEGER NOT NULL,
    "safety_stock" DECIMAL(18,6) NOT NULL,
    "reorder_point" DECIMAL(18,6) NOT NULL,
    "computed_at" TIMESTAMP(3) NOT NULL,
    "run_id" INTEGER NOT NULL,

    CONSTRAINT "inventory_policy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inventory_policy_run" (
    "id" SERIAL NOT NULL,
    "trigger" "PolicyTrigger" NOT NULL,
    "warehouse_id" INTEGER,
    "classified" BOOLEAN NOT NULL,
    "settings" JSONB NOT NULL,
    "policies" INTEGER NOT NULL,
    "computed_at" TIMESTAMP(3) NOT NULL,
    "computed_by" TEXT NOT NULL,

    CONSTRAINT "inventory_policy_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inventory_policy_change" (
    "id" SERIAL NOT NULL,
    "run_id" INTEGER NOT NULL,
    "material_id" INTEGER NOT NULL,
    "warehouse_id" INTEGER,
    "old_safety_stock" DECIMAL(18,6),
    "new_safety_stock" DECIMAL(18,6),
    "old_reorder_point" DECIMAL(18,6),
    "new_reorder_point" DECIMAL(18,6),
    "old_abc_class" "AbcClass",
    "new_abc_class" "AbcClass",
    "old_xyz_class" "XyzClass",
    "new_xyz_class" "XyzClass",

    CONSTRAINT "inventory_policy_change_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "inventory_policy_warehouse_id_idx" ON "inventory_policy"("warehouse_id");

-- CreateIndex
CREATE UNIQUE INDEX "inventory_policy_material_id_warehouse_id_key" ON "inventory_policy"("material_id", "warehouse_id");

-- CreateIndex
CREATE INDEX "inventory_policy_change_run_id_idx" ON "inventory_policy_change"("run_id");

-- CreateIndex
CREATE INDEX "inventory_policy_change_warehouse_id_idx" ON "inventory_policy_change"("warehouse_id");

-- AddForeignKey
ALTER TABLE "inventory_policy" ADD CONSTRAINT "inventory_policy_material_id_fkey" FOREIGN KEY ("material_id") REFERENCES "material"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory_policy" ADD CONSTRAINT "inventory_policy_warehouse_id_fkey" FOREIGN KEY ("warehouse_id") REFERENCES "warehouse"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory_policy" ADD CONSTRAINT "inventory_policy_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "inventory_policy_run"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory_policy_run" ADD CONSTRAINT "inventory_policy_run_warehouse_id_fkey" FOREIGN KEY ("warehouse_id") REFERENCES "warehouse"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory_policy_change" ADD CONSTRAINT "inventory_policy_change_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "inventory_policy_run"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory_policy_change" ADD CONSTRAINT "inventory_policy_change_material_id_fkey" FOREIGN KEY ("material_id") REFERENCES "material"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory_policy_change" ADD CONSTRAINT "inventory_policy_change_warehouse_id_fkey" FOREIGN KEY ("warehouse_id") REFERENCES "warehouse"("id") ON DELETE SET NULL ON UPDATE CASCADE;



-- Hand-written guards (not part of the drift comparison)
ALTER TABLE "classification_settings" ADD CONSTRAINT "classification_settings_one_row" CHECK ("id" = 1);
ALTER TABLE "classification_settings" ADD CONSTRAINT "classification_settings_service_levels" CHECK ("service_level_a" > 0 AND "service_level_a" < 1 AND "service_level_b" > 0 AND "service_level_b" < 1 AND "service_level_c" > 0 AND "service_level_c" < 1);
ALTER TABLE "inventory_policy" ADD CONSTRAINT "inventory_policy_not_negative" CHECK ("safety_stock" >= 0 AND "reorder_point" >= "safety_stock");
