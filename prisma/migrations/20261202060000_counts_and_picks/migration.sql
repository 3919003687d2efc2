-- Cycle counts (count_session, count_location, count_line, count_read, epc_mapping, gtin_mapping), pick lists
-- (pick_list, pick_line); the stock area's location_block (no movement at a location being counted) and the
-- ledger's link to the count that posted an entry.

-- CreateEnum
CREATE TYPE "CountSessionStatus" AS ENUM ('OPEN', 'COUNTING', 'REVIEW', 'APPROVED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "CountScope" AS ENUM ('WAREHOUSE', 'ZONE', 'LOCATIONS', 'ABC_CLASS');

-- CreateEnum
CREATE TYPE "PickListStatus" AS ENUM ('OPEN', 'COMPLETED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "PickLineStatus" AS ENUM ('OPEN', 'PICKED', 'SHORT');

-- AlterTable
ALTER TABLE "stock_ledger_entry" ADD COLUMN     "count_session_id" INTEGER;

-- CreateTable
CREATE TABLE "location_block" (
    "location_id" INTEGER NOT NULL,
    "count_session_id" INTEGER NOT NULL,
    "blocked_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "location_block_pkey" PRIMARY KEY ("location_id")
);

-- CreateTable
CREATE TABLE "count_session" (
    "id" SERIAL NOT NULL,
    "number" TEXT NOT NULL,
    "warehouse_id" INTEGER NOT NULL,
    "scope" "CountScope" NOT NULL,
    "zone" TEXT,
    "abc_class" "AbcClass",
    "blind" BOOLEAN NOT NULL DEFAULT true,
    "status" "CountSessionStatus" NOT NULL DEFAULT 'OPEN',
    "note" TEXT,
    "lines_counted" INTEGER,
    "lines_within_tolerance" INTEGER,
    "accuracy" DECIMAL(5,4),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT NOT NULL,
    "started_at" TIMESTAMP(3),
    "submitted_at" TIMESTAMP(3),
    "closed_at" TIMESTAMP(3),
    "closed_by" TEXT,

    CONSTRAINT "count_session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "count_location" (
    "count_session_id" INTEGER NOT NULL,
    "location_id" INTEGER NOT NULL,

    CONSTRAINT "count_location_pkey" PRIMARY KEY ("count_session_id","location_id")
);

-- CreateTable
CREATE TABLE "count_line" (
    "id" SERIAL NOT NULL,
    "count_session_id" INTEGER NOT NULL,
    "location_id" INTEGER NOT NULL,
    "material_id" INTEGER NOT NULL,
    "lot_id" INTEGER,
    "lot_key" INTEGER NOT NULL DEFAULT 0,
    "entered_quantity" DECIMAL(18,6),
    "tags_read" INTEGER NOT NULL DEFAULT 0,
    "counted_quantity" DECIMAL(18,6),
    "book_quantity" DECIMAL(18,6),
    "recount_requested" BOOLEAN NOT NULL DEFAULT false,
    "recounts" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by" TEXT,

    CONSTRAINT "count_line_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "count_read" (
    "count_session_id" INTEGER NOT NULL,
    "epc" TEXT NOT NULL,
    "location_id" INTEGER NOT NULL,
    "material_id" INTEGER NOT NULL,
    "lot_id" INTEGER,
    "read_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "count_read_pkey" PRIMARY KEY ("count_session_id","epc")
);

-- CreateTable
CREATE TABLE "epc_mapping" (
    "epc" TEXT NOT NULL,
    "material_id" INTEGER NOT NULL,
    "lot_id" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT NOT NULL,

    CONSTRAINT "epc_mapping_pkey" PRIMARY KEY ("epc")
);

-- CreateTable
CREATE TABLE "gtin_mapping" (
    "gtin" TEXT NOT NULL,
    "material_id" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT NOT NULL,

    CONSTRAINT "gtin_mapping_pkey" PRIMARY KEY ("gtin")
);

-- CreateTable
CREATE TABLE "pick_list" (
    "id" SERIAL NOT NULL,
    "number" TEXT NOT NULL,
    "warehouse_id" INTEGER NOT NULL,
    "work_order_id" INTEGER,
    "transfer_order_id" INTEGER,
    "status" "PickListStatus" NOT NULL DEFAULT 'OPEN',
    "path_length" DECIMAL(14,3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT NOT NULL,
    "closed_at" TIMESTAMP(3),

    CONSTRAINT "pick_list_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pick_line" (
    "id" SERIAL NOT NULL,
    "pick_list_id" INTEGER NOT NULL,
    "stop" INTEGER NOT NULL,
    "location_id" INTEGER NOT NULL,
    "material_id" INTEGER NOT NULL,
    "lot_id" INTEGER,
    "quantity" DECIMAL(18,6) NOT NULL,
    "picked_quantity" DECIMAL(18,6) NOT NULL DEFAULT 0,
    "status" "PickLineStatus" NOT NULL DEFAULT 'OPEN',
    "confirmed_at" TIMESTAMP(3),
    "confirmed_by" TEXT,

    CONSTRAINT "pick_line_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "location_block_count_session_id_idx" ON "location_block"("count_session_id");

-- CreateIndex
CREATE UNIQUE INDEX "count_session_number_key" ON "count_session"("number");

-- CreateIndex
CREATE INDEX "count_session_warehouse_id_status_idx" ON "count_session"("warehouse_id", "status");

-- CreateIndex
CREATE INDEX "count_location_location_id_idx" ON "count_location"("location_id");

-- CreateIndex
CREATE UNIQUE INDEX "count_line_count_session_id_location_id_material_id_lot_key_key" ON "count_line"("count_session_id", "location_id", "material_id", "lot_key");

-- CreateIndex
CREATE INDEX "gtin_mapping_material_id_idx" ON "gtin_mapping"("material_id");

-- CreateIndex
CREATE UNIQUE INDEX "pick_list_number_key" ON "pick_list"("number");

-- CreateIndex
CREATE INDEX "pick_list_work_order_id_idx" ON "pick_list"("work_order_id");

-- CreateIndex
CREATE INDEX "pick_list_transfer_order_id_idx" ON "pick_list"("transfer_order_id");

-- CreateIndex
CREATE INDEX "pick_line_pick_list_id_stop_idx" ON "pick_line"("pick_list_id", "stop");

-- AddForeignKey
ALTER TABLE "stock_ledger_entry" ADD CONSTRAINT "stock_ledger_entry_count_session_id_fkey" FOREIGN KEY ("count_session_id") REFERENCES "count_session"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "location_block" ADD CONSTRAINT "location_block_location_id_fkey" FOREIGN KEY ("location_id") REFERENCES "location"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "location_block" ADD CONSTRAINT "location_block_count_session_id_fkey" FOREIGN KEY ("count_session_id") REFERENCES "count_session"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "count_session" ADD CONSTRAINT "count_session_warehouse_id_fkey" FOREIGN KEY ("warehouse_id") REFERENCES "warehouse"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "count_location" ADD CONSTRAINT "count_location_count_session_id_fkey" FOREIGN KEY ("count_session_id") REFERENCES "count_session"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "count_location" ADD CONSTRAINT "count_location_location_id_fkey" FOREIGN KEY ("location_id") REFERENCES "location"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "count_line" ADD CONSTRAINT "count_line_count_session_id_fkey" FOREIGN KEY ("count_session_id") REFERENCES "count_session"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "count_line" ADD CONSTRAINT "count_line_location_id_fkey" FOREIGN KEY ("location_id") REFERENCES "location"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "count_line" ADD CONSTRAINT "count_line_material_id_fkey" FOREIGN KEY ("material_id") REFERENCES "material"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "count_line" ADD CONSTRAINT "count_line_lot_id_fkey" FOREIGN KEY ("lot_id") REFERENCES "lot"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "count_read" ADD CONSTRAINT "count_read_count_session_id_fkey" FOREIGN KEY ("count_session_id") REFERENCES "count_session"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "epc_mapping" ADD CONSTRAINT "epc_mapping_material_id_fkey" FOREIGN KEY ("material_id") REFERENCES "material"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "epc_mapping" ADD CONSTRAINT "epc_mapping_lot_id_fkey" FOREIGN KEY ("lot_id") REFERENCES "lot"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "gtin_mapping" ADD CONSTRAINT "gtin_mapping_material_id_fkey" FOREIGN KEY ("material_id") REFERENCES "material"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pick_list" ADD CONSTRAINT "pick_list_warehouse_id_fkey" FOREIGN KEY ("warehouse_id") REFERENCES "warehouse"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pick_list" ADD CONSTRAINT "pick_list_work_order_id_fkey" FOREIGN KEY ("work_order_id") REFERENCES "work_order"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pick_list" ADD CONSTRAINT "pick_list_transfer_order_id_fkey" FOREIGN KEY ("transfer_order_id") REFERENCES "transfer_order"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pick_line" ADD CONSTRAINT "pick_line_pick_list_id_fkey" FOREIGN KEY ("pick_list_id") REFERENCES "pick_list"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pick_line" ADD CONSTRAINT "pick_line_location_id_fkey" FOREIGN KEY ("location_id") REFERENCES "location"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pick_line" ADD CONSTRAINT "pick_line_material_id_fkey" FOREIGN KEY ("material_id") REFERENCES "material"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pick_line" ADD CONSTRAINT "pick_line_lot_id_fkey" FOREIGN KEY ("lot_id") REFERENCES "lot"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- Guards Prisma cannot express (see the stock_guards migration).
ALTER TABLE "count_line"
  ADD CONSTRAINT "count_line_entered_not_negative" CHECK ("entered_quantity" IS NULL OR "entered_quantity" >= 0),
  ADD CONSTRAINT "count_line_tags_read_not_negative" CHECK ("tags_read" >= 0);
ALTER TABLE "pick_line"
  ADD CONSTRAINT "pick_line_picked_within_quantity" CHECK ("quantity" > 0 AND "picked_quantity" >= 0 AND "picked_quantity" <= "quantity");
