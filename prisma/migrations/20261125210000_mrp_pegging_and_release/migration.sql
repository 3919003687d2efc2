-- AlterTable
ALTER TABLE "pegging" ADD COLUMN     "pseudo_demand" TEXT,
ALTER COLUMN "mps_line_id" DROP NOT NULL;

-- AlterTable
ALTER TABLE "purchase_order" ADD COLUMN     "purchase_suggestion_id" INTEGER;

-- CreateIndex
CREATE UNIQUE INDEX "purchase_order_purchase_suggestion_id_key" ON "purchase_order"("purchase_suggestion_id");

-- A peg serves either an MPS line or a pseudo-demand, never both or neither.
ALTER TABLE "pegging" ADD CONSTRAINT "pegging_serves_one_demand" CHECK (("mps_line_id" IS NULL) <> ("pseudo_demand" IS NULL));
