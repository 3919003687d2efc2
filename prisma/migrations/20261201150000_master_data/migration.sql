-- Master data through the graph: alternative units, warehouse/location attributes, suppliers with items and
-- prices, standard costs, work centers and routings, substitute validity, the supplier on purchase suggestions.
-- AlterTable
ALTER TABLE "substitute" ADD COLUMN     "product_id" INTEGER,
ADD COLUMN     "valid_from" TIMESTAMP(3),
ADD COLUMN     "valid_to" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "warehouse" ADD COLUMN     "active" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "location" ADD COLUMN     "active" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "capacity" DECIMAL(18,6),
ADD COLUMN     "pick_sequence" INTEGER,
ADD COLUMN     "x" DECIMAL(12,3),
ADD COLUMN     "y" DECIMAL(12,3);

-- AlterTable
ALTER TABLE "work_order_operation" ADD COLUMN     "run_minutes_per_unit" DECIMAL(10,4) NOT NULL DEFAULT 0,
ADD COLUMN     "setup_minutes" DECIMAL(10,2) NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "purchase_suggestion" ADD COLUMN     "supplier_code" TEXT;

-- CreateTable
CREATE TABLE "material_unit" (
    "id" SERIAL NOT NULL,
    "material_id" INTEGER NOT NULL,
    "uom_code" TEXT NOT NULL,
    "factor" DECIMAL(18,6) NOT NULL,

    CONSTRAINT "material_unit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "supplier" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "contact" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "lead_time_days" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "supplier_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "supplier_item" (
    "id" SERIAL NOT NULL,
    "supplier_id" INTEGER NOT NULL,
    "material_id" INTEGER NOT NULL,
    "supplier_material_code" TEXT,
    "lead_time_days" INTEGER,
    "min_order_quantity" DECIMAL(18,6),
    "order_multiple" DECIMAL(18,6),
    "preferred" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "supplier_item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "supplier_price" (
    "id" SERIAL NOT NULL,
    "supplier_id" INTEGER NOT NULL,
    "material_id" INTEGER NOT NULL,
    "price" DECIMAL(18,6) NOT NULL,
    "currency" TEXT NOT NULL,
    "valid_from" DATE NOT NULL,
    "valid_to" DATE,

    CONSTRAINT "supplier_price_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "material_cost" (
    "id" SERIAL NOT NULL,
    "material_id" INTEGER NOT NULL,
    "cost" DECIMAL(18,6) NOT NULL,
    "currency" TEXT NOT NULL,
    "valid_from" DATE NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT NOT NULL,

    CONSTRAINT "material_cost_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "work_center" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "hours_per_day" DECIMAL(5,2) NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "work_center_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "routing_operation" (
    "id" SERIAL NOT NULL,
    "material_id" INTEGER NOT NULL,
    "sequence" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "work_center_id" INTEGER NOT NULL,
    "setup_minutes" DECIMAL(10,2) NOT NULL DEFAULT 0,
    "run_minutes_per_unit" DECIMAL(10,4) NOT NULL DEFAULT 0,
    "allow_overlap" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "routing_operation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "material_unit_material_id_uom_code_key" ON "material_unit"("material_id", "uom_code");

-- CreateIndex
CREATE UNIQUE INDEX "supplier_code_key" ON "supplier"("code");

-- CreateIndex
CREATE INDEX "supplier_item_material_id_idx" ON "supplier_item"("material_id");

-- CreateIndex
CREATE UNIQUE INDEX "supplier_item_supplier_id_material_id_key" ON "supplier_item"("supplier_id", "material_id");

-- CreateIndex
CREATE UNIQUE INDEX "supplier_price_supplier_id_material_id_valid_from_key" ON "supplier_price"("supplier_id", "material_id", "valid_from");

-- CreateIndex
CREATE UNIQUE INDEX "material_cost_material_id_valid_from_key" ON "material_cost"("material_id", "valid_from");

-- CreateIndex
CREATE UNIQUE INDEX "work_center_code_key" ON "work_center"("code");

-- CreateIndex
CREATE UNIQUE INDEX "routing_operation_material_id_sequence_key" ON "routing_operation"("material_id", "sequence");

-- AddForeignKey
ALTER TABLE "material_unit" ADD CONSTRAINT "material_unit_material_id_fkey" FOREIGN KEY ("material_id") REFERENCES "material"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "material_unit" ADD CONSTRAINT "material_unit_uom_code_fkey" FOREIGN KEY ("uom_code") REFERENCES "unit_of_measure"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "substitute" ADD CONSTRAINT "substitute_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "material"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "supplier_item" ADD CONSTRAINT "supplier_item_supplier_id_fkey" FOREIGN KEY ("supplier_id") REFERENCES "supplier"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "supplier_item" ADD CONSTRAINT "supplier_item_material_id_fkey" FOREIGN KEY ("material_id") REFERENCES "material"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "supplier_price" ADD CONSTRAINT "supplier_price_supplier_id_fkey" FOREIGN KEY ("supplier_id") REFERENCES "supplier"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "supplier_price" ADD CONSTRAINT "supplier_price_material_id_fkey" FOREIGN KEY ("material_id") REFERENCES "material"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "material_cost" ADD CONSTRAINT "material_cost_material_id_fkey" FOREIGN KEY ("material_id") REFERENCES "material"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "routing_operation" ADD CONSTRAINT "routing_operation_material_id_fkey" FOREIGN KEY ("material_id") REFERENCES "material"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "routing_operation" ADD CONSTRAINT "routing_operation_work_center_id_fkey" FOREIGN KEY ("work_center_id") REFERENCES "work_center"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

