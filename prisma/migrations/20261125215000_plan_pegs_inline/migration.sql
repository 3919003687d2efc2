-- A run writes 100k+ supplies: pegs move onto the supply rows (one JSONB value instead of a row per
-- peg) and the per-row foreign keys to material and warehouse go (plans only name existing materials,
-- and materials are archived, never deleted). Measured in bench/mrp (docs/benchmarks.md).

-- DropForeignKey
ALTER TABLE "planned_order" DROP CONSTRAINT "planned_order_material_id_fkey";

-- DropForeignKey
ALTER TABLE "planned_order" DROP CONSTRAINT "planned_order_warehouse_id_fkey";

-- DropForeignKey
ALTER TABLE "purchase_suggestion" DROP CONSTRAINT "purchase_suggestion_material_id_fkey";

-- DropForeignKey
ALTER TABLE "purchase_suggestion" DROP CONSTRAINT "purchase_suggestion_warehouse_id_fkey";

-- DropForeignKey
ALTER TABLE "pegging" DROP CONSTRAINT "pegging_mrp_run_id_fkey";

-- DropForeignKey
ALTER TABLE "pegging" DROP CONSTRAINT "pegging_mps_line_id_fkey";

-- AlterTable
ALTER TABLE "planned_order" ADD COLUMN     "pegs" JSONB NOT NULL DEFAULT '[]';

-- AlterTable
ALTER TABLE "purchase_suggestion" ADD COLUMN     "pegs" JSONB NOT NULL DEFAULT '[]';

-- DropTable
DROP TABLE "pegging";

-- DropEnum
DROP TYPE "SupplyKind";

