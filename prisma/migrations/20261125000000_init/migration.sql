
-- CreateEnum
CREATE TYPE "MaterialType" AS ENUM ('MAKE', 'BUY');

-- CreateEnum
CREATE TYPE "LotSizingPolicy" AS ENUM ('LOT_FOR_LOT', 'FIXED', 'MIN_MULTIPLE_MAX', 'PERIODS_OF_SUPPLY');

-- CreateEnum
CREATE TYPE "AbcClass" AS ENUM ('A', 'B', 'C');

-- CreateEnum
CREATE TYPE "WarehouseKind" AS ENUM ('PLANT', 'STORE');

-- CreateEnum
CREATE TYPE "LocationKind" AS ENUM ('STORAGE', 'RECEIVING', 'PRODUCTION', 'QUARANTINE', 'SHIPPING');

-- CreateEnum
CREATE TYPE "QcStatus" AS ENUM ('RELEASED', 'QUARANTINE', 'REJECTED');

-- CreateEnum
CREATE TYPE "MovementType" AS ENUM ('RECEIPT', 'ISSUE', 'MOVE_OUT', 'MOVE_IN', 'TRANSFER_SHIP', 'TRANSFER_RECEIVE', 'ADJUSTMENT', 'SCRAP', 'BACKFLUSH', 'PRODUCTION_RECEIPT', 'COUNT');

-- CreateEnum
CREATE TYPE "ReservationStatus" AS ENUM ('OPEN', 'CONSUMED', 'RELEASED');

-- CreateEnum
CREATE TYPE "WorkOrderStatus" AS ENUM ('RELEASED', 'SHORT', 'IN_PROGRESS', 'COMPLETED', 'CLOSED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "OperationStatus" AS ENUM ('PENDING', 'STARTED', 'COMPLETED');

-- CreateEnum
CREATE TYPE "DemandSource" AS ENUM ('MPS', 'SALES_ORDER', 'FORECAST');

-- CreateEnum
CREATE TYPE "MrpRunStatus" AS ENUM ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED');

-- CreateEnum
CREATE TYPE "PlanningBucket" AS ENUM ('DAY', 'WEEK');

-- CreateEnum
CREATE TYPE "SuggestionStatus" AS ENUM ('SUGGESTED', 'RELEASED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "SupplyKind" AS ENUM ('PLANNED_ORDER', 'PURCHASE_SUGGESTION');

-- CreateEnum
CREATE TYPE "OrderStatus" AS ENUM ('OPEN', 'PARTIALLY_RECEIVED', 'RECEIVED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "TransferStatus" AS ENUM ('OPEN', 'IN_TRANSIT', 'PARTIALLY_RECEIVED', 'RECEIVED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "ExceptionType" AS ENUM ('SHORTAGE', 'QUALITY', 'EQUIPMENT', 'LATE', 'EXCESS', 'UNCOVERED_DEMAND');

-- CreateEnum
CREATE TYPE "ExceptionStatus" AS ENUM ('OPEN', 'ACKNOWLEDGED', 'RESOLVED');

-- CreateEnum
CREATE TYPE "Severity" AS ENUM ('INFO', 'WARNING', 'CRITICAL');

-- CreateEnum
CREATE TYPE "DeviceKind" AS ENUM ('SENSOR', 'RFID_READER', 'BARCODE_SCANNER');

-- CreateTable
CREATE TABLE "unit_of_measure" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "precision" INTEGER NOT NULL DEFAULT 3,

    CONSTRAINT "unit_of_measure_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "material" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "uom_code" TEXT NOT NULL,
    "type" "MaterialType" NOT NULL,
    "lead_time_days" INTEGER NOT NULL DEFAULT 0,
    "lot_sizing" "LotSizingPolicy" NOT NULL DEFAULT 'LOT_FOR_LOT',
    "lot_size_fixed" DECIMAL(18,6),
    "lot_size_min" DECIMAL(18,6),
    "lot_size_multiple" DECIMAL(18,6),
    "lot_size_max" DECIMAL(18,6),
    "periods_of_supply" INTEGER,
    "safety_stock" DECIMAL(18,6) NOT NULL DEFAULT 0,
    "abc_class" "AbcClass",
    "lot_tracked" BOOLEAN NOT NULL DEFAULT false,
    "low_level_code" INTEGER NOT NULL DEFAULT 0,
    "archived_at" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by" TEXT NOT NULL,

    CONSTRAINT "material_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bom" (
    "id" SERIAL NOT NULL,
    "material_id" INTEGER NOT NULL,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "base_quantity" DECIMAL(18,6) NOT NULL DEFAULT 1,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by" TEXT NOT NULL,

    CONSTRAINT "bom_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bom_line" (
    "id" SERIAL NOT NULL,
    "bom_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "component_id" INTEGER NOT NULL,
    "quantity_per" DECIMAL(18,6) NOT NULL,
    "scrap_pct" DECIMAL(7,4) NOT NULL DEFAULT 0,
    "operation_seq" INTEGER,
    "valid_from" TIMESTAMP(3),
    "valid_to" TIMESTAMP(3),

    CONSTRAINT "bom_line_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "substitute" (
    "id" SERIAL NOT NULL,
    "material_id" INTEGER NOT NULL,
    "substitute_id" INTEGER NOT NULL,
    "priority" INTEGER NOT NULL DEFAULT 1,
    "ratio" DECIMAL(18,6) NOT NULL DEFAULT 1,

    CONSTRAINT "substitute_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "warehouse" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "WarehouseKind" NOT NULL DEFAULT 'STORE',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "warehouse_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "location" (
    "id" SERIAL NOT NULL,
    "warehouse_id" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "LocationKind" NOT NULL DEFAULT 'STORAGE',

    CONSTRAINT "location_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "lot" (
    "id" SERIAL NOT NULL,
    "material_id" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3),
    "qc_status" "QcStatus" NOT NULL DEFAULT 'RELEASED',
    "work_order_id" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stock_ledger_entry" (
    "id" BIGSERIAL NOT NULL,
    "posted_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "type" "MovementType" NOT NULL,
    "material_id" INTEGER NOT NULL,
    "warehouse_id" INTEGER NOT NULL,
    "location_id" INTEGER NOT NULL,
    "lot_id" INTEGER,
    "quantity" DECIMAL(18,6) NOT NULL,
    "in_transit_delta" DECIMAL(18,6) NOT NULL DEFAULT 0,
    "reason_code" TEXT,
    "note" TEXT,
    "work_order_id" INTEGER,
    "transfer_order_id" INTEGER,
    "purchase_order_id" INTEGER,
    "posted_by" TEXT NOT NULL,
    "prev_hash" TEXT,
    "hash" TEXT,

    CONSTRAINT "stock_ledger_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stock_balance" (
    "id" SERIAL NOT NULL,
    "material_id" INTEGER NOT NULL,
    "location_id" INTEGER NOT NULL,
    "lot_id" INTEGER,
    "lot_key" INTEGER NOT NULL DEFAULT 0,
    "on_hand" DECIMAL(18,6) NOT NULL DEFAULT 0,
    "reserved" DECIMAL(18,6) NOT NULL DEFAULT 0,
    "in_transit" DECIMAL(18,6) NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stock_balance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reservation" (
    "id" SERIAL NOT NULL,
    "material_id" INTEGER NOT NULL,
    "warehouse_id" INTEGER NOT NULL,
    "location_id" INTEGER,
    "lot_id" INTEGER,
    "work_order_id" INTEGER,
    "quantity" DECIMAL(18,6) NOT NULL,
    "consumed" DECIMAL(18,6) NOT NULL DEFAULT 0,
    "status" "ReservationStatus" NOT NULL DEFAULT 'OPEN',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reservation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "work_order" (
    "id" SERIAL NOT NULL,
    "number" TEXT NOT NULL,
    "material_id" INTEGER NOT NULL,
    "warehouse_id" INTEGER NOT NULL,
    "quantity" DECIMAL(18,6) NOT NULL,
    "completed_quantity" DECIMAL(18,6) NOT NULL DEFAULT 0,
    "scrapped_quantity" DECIMAL(18,6) NOT NULL DEFAULT 0,
    "status" "WorkOrderStatus" NOT NULL DEFAULT 'RELEASED',
    "due_date" TIMESTAMP(3),
    "planned_order_id" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "work_order_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "work_order_operation" (
    "id" SERIAL NOT NULL,
    "work_order_id" INTEGER NOT NULL,
    "sequence" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "work_center" TEXT,
    "status" "OperationStatus" NOT NULL DEFAULT 'PENDING',
    "good_quantity" DECIMAL(18,6) NOT NULL DEFAULT 0,
    "scrap_quantity" DECIMAL(18,6) NOT NULL DEFAULT 0,
    "started_at" TIMESTAMP(3),
    "completed_at" TIMESTAMP(3),

    CONSTRAINT "work_order_operation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "work_order_material" (
    "id" SERIAL NOT NULL,
    "work_order_id" INTEGER NOT NULL,
    "material_id" INTEGER NOT NULL,
    "operation_seq" INTEGER,
    "required" DECIMAL(18,6) NOT NULL,
    "reserved" DECIMAL(18,6) NOT NULL DEFAULT 0,
    "issued" DECIMAL(18,6) NOT NULL DEFAULT 0,
    "short_quantity" DECIMAL(18,6) NOT NULL DEFAULT 0,

    CONSTRAINT "work_order_material_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "mps_line" (
    "id" SERIAL NOT NULL,
    "material_id" INTEGER NOT NULL,
    "warehouse_id" INTEGER NOT NULL,
    "quantity" DECIMAL(18,6) NOT NULL,
    "due_date" TIMESTAMP(3) NOT NULL,
    "source" "DemandSource" NOT NULL DEFAULT 'MPS',
    "reference" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT NOT NULL,

    CONSTRAINT "mps_line_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "mrp_run" (
    "id" SERIAL NOT NULL,
    "status" "MrpRunStatus" NOT NULL DEFAULT 'QUEUED',
    "what_if" BOOLEAN NOT NULL DEFAULT false,
    "is_current" BOOLEAN NOT NULL DEFAULT false,
    "warehouse_id" INTEGER,
    "bucket" "PlanningBucket" NOT NULL DEFAULT 'WEEK',
    "horizon_days" INTEGER NOT NULL,
    "parameters" JSONB NOT NULL DEFAULT '{}',
    "phase" TEXT,
    "progress" INTEGER NOT NULL DEFAULT 0,
    "counts" JSONB NOT NULL DEFAULT '{}',
    "timings" JSONB NOT NULL DEFAULT '{}',
    "error" TEXT,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT NOT NULL,

    CONSTRAINT "mrp_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "planned_order" (
    "id" SERIAL NOT NULL,
    "mrp_run_id" INTEGER NOT NULL,
    "material_id" INTEGER NOT NULL,
    "warehouse_id" INTEGER NOT NULL,
    "quantity" DECIMAL(18,6) NOT NULL,
    "release_date" TIMESTAMP(3) NOT NULL,
    "due_date" TIMESTAMP(3) NOT NULL,
    "status" "SuggestionStatus" NOT NULL DEFAULT 'SUGGESTED',

    CONSTRAINT "planned_order_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "purchase_suggestion" (
    "id" SERIAL NOT NULL,
    "mrp_run_id" INTEGER NOT NULL,
    "material_id" INTEGER NOT NULL,
    "warehouse_id" INTEGER NOT NULL,
    "quantity" DECIMAL(18,6) NOT NULL,
    "order_date" TIMESTAMP(3) NOT NULL,
    "due_date" TIMESTAMP(3) NOT NULL,
    "status" "SuggestionStatus" NOT NULL DEFAULT 'SUGGESTED',

    CONSTRAINT "purchase_suggestion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "pegging" (
    "id" BIGSERIAL NOT NULL,
    "mrp_run_id" INTEGER NOT NULL,
    "supply_kind" "SupplyKind" NOT NULL,
    "supply_id" INTEGER NOT NULL,
    "mps_line_id" INTEGER NOT NULL,
    "quantity" DECIMAL(18,6) NOT NULL,

    CONSTRAINT "pegging_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "purchase_order" (
    "id" SERIAL NOT NULL,
    "number" TEXT NOT NULL,
    "material_id" INTEGER NOT NULL,
    "warehouse_id" INTEGER NOT NULL,
    "quantity" DECIMAL(18,6) NOT NULL,
    "received_quantity" DECIMAL(18,6) NOT NULL DEFAULT 0,
    "due_date" TIMESTAMP(3) NOT NULL,
    "status" "OrderStatus" NOT NULL DEFAULT 'OPEN',
    "supplier" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT NOT NULL,

    CONSTRAINT "purchase_order_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "transfer_order" (
    "id" SERIAL NOT NULL,
    "number" TEXT NOT NULL,
    "material_id" INTEGER NOT NULL,
    "from_warehouse_id" INTEGER NOT NULL,
    "to_warehouse_id" INTEGER NOT NULL,
    "quantity" DECIMAL(18,6) NOT NULL,
    "shipped_quantity" DECIMAL(18,6) NOT NULL DEFAULT 0,
    "received_quantity" DECIMAL(18,6) NOT NULL DEFAULT 0,
    "status" "TransferStatus" NOT NULL DEFAULT 'OPEN',
    "reason" TEXT,
    "due_date" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT NOT NULL,

    CONSTRAINT "transfer_order_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "exception" (
    "id" SERIAL NOT NULL,
    "type" "ExceptionType" NOT NULL,
    "severity" "Severity" NOT NULL DEFAULT 'WARNING',
    "status" "ExceptionStatus" NOT NULL DEFAULT 'OPEN',
    "message" TEXT NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',
    "material_id" INTEGER,
    "warehouse_id" INTEGER,
    "work_order_id" INTEGER,
    "mrp_run_id" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_at" TIMESTAMP(3),

    CONSTRAINT "exception_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "device" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "DeviceKind" NOT NULL,
    "warehouse_id" INTEGER,
    "location_id" INTEGER,
    "last_seen_at" TIMESTAMP(3),

    CONSTRAINT "device_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sensor_reading" (
    "id" BIGSERIAL NOT NULL,
    "device_id" INTEGER NOT NULL,
    "metric" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "unit" TEXT,
    "recorded_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "sensor_reading_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alarm" (
    "id" SERIAL NOT NULL,
    "device_id" INTEGER NOT NULL,
    "metric" TEXT NOT NULL,
    "severity" "Severity" NOT NULL,
    "message" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "threshold" DOUBLE PRECISION NOT NULL,
    "raised_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledged_at" TIMESTAMP(3),
    "cleared_at" TIMESTAMP(3),

    CONSTRAINT "alarm_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "event" (
    "id" BIGSERIAL NOT NULL,
    "topic" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "published_at" TIMESTAMP(3),

    CONSTRAINT "event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "idempotency_key" (
    "principal" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "response" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "idempotency_key_pkey" PRIMARY KEY ("principal","key")
);

-- CreateTable
CREATE TABLE "api_key" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "roles" TEXT[],
    "warehouses" TEXT[],
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),
    "last_used_at" TIMESTAMP(3),

    CONSTRAINT "api_key_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entity_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "changes" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dead_letter" (
    "id" SERIAL NOT NULL,
    "connector" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "error" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dead_letter_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "material_code_key" ON "material"("code");

-- CreateIndex
CREATE INDEX "material_type_idx" ON "material"("type");

-- CreateIndex
CREATE INDEX "material_abc_class_idx" ON "material"("abc_class");

-- CreateIndex
CREATE UNIQUE INDEX "bom_material_id_key" ON "bom"("material_id");

-- CreateIndex
CREATE INDEX "bom_line_component_id_idx" ON "bom_line"("component_id");

-- CreateIndex
CREATE UNIQUE INDEX "bom_line_bom_id_position_key" ON "bom_line"("bom_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "substitute_material_id_substitute_id_key" ON "substitute"("material_id", "substitute_id");

-- CreateIndex
CREATE UNIQUE INDEX "warehouse_code_key" ON "warehouse"("code");

-- CreateIndex
CREATE UNIQUE INDEX "location_warehouse_id_code_key" ON "location"("warehouse_id", "code");

-- CreateIndex
CREATE UNIQUE INDEX "lot_material_id_code_key" ON "lot"("material_id", "code");

-- CreateIndex
CREATE INDEX "stock_ledger_entry_material_id_posted_at_idx" ON "stock_ledger_entry"("material_id", "posted_at");

-- CreateIndex
CREATE INDEX "stock_ledger_entry_lot_id_idx" ON "stock_ledger_entry"("lot_id");

-- CreateIndex
CREATE INDEX "stock_ledger_entry_work_order_id_idx" ON "stock_ledger_entry"("work_order_id");

-- CreateIndex
CREATE INDEX "stock_balance_location_id_idx" ON "stock_balance"("location_id");

-- CreateIndex
CREATE UNIQUE INDEX "stock_balance_material_id_location_id_lot_key_key" ON "stock_balance"("material_id", "location_id", "lot_key");

-- CreateIndex
CREATE INDEX "reservation_work_order_id_idx" ON "reservation"("work_order_id");

-- CreateIndex
CREATE INDEX "reservation_material_id_warehouse_id_idx" ON "reservation"("material_id", "warehouse_id");

-- CreateIndex
CREATE UNIQUE INDEX "work_order_number_key" ON "work_order"("number");

-- CreateIndex
CREATE INDEX "work_order_status_idx" ON "work_order"("status");

-- CreateIndex
CREATE UNIQUE INDEX "work_order_operation_work_order_id_sequence_key" ON "work_order_operation"("work_order_id", "sequence");

-- CreateIndex
CREATE UNIQUE INDEX "work_order_material_work_order_id_material_id_key" ON "work_order_material"("work_order_id", "material_id");

-- CreateIndex
CREATE INDEX "mps_line_material_id_due_date_idx" ON "mps_line"("material_id", "due_date");

-- CreateIndex
CREATE INDEX "planned_order_mrp_run_id_material_id_idx" ON "planned_order"("mrp_run_id", "material_id");

-- CreateIndex
CREATE INDEX "purchase_suggestion_mrp_run_id_material_id_idx" ON "purchase_suggestion"("mrp_run_id", "material_id");

-- CreateIndex
CREATE INDEX "pegging_mrp_run_id_supply_kind_supply_id_idx" ON "pegging"("mrp_run_id", "supply_kind", "supply_id");

-- CreateIndex
CREATE UNIQUE INDEX "purchase_order_number_key" ON "purchase_order"("number");

-- CreateIndex
CREATE INDEX "purchase_order_material_id_status_idx" ON "purchase_order"("material_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "transfer_order_number_key" ON "transfer_order"("number");

-- CreateIndex
CREATE INDEX "transfer_order_material_id_status_idx" ON "transfer_order"("material_id", "status");

-- CreateIndex
CREATE INDEX "exception_type_status_idx" ON "exception"("type", "status");

-- CreateIndex
CREATE UNIQUE INDEX "device_code_key" ON "device"("code");

-- CreateIndex
CREATE INDEX "sensor_reading_device_id_metric_recorded_at_idx" ON "sensor_reading"("device_id", "metric", "recorded_at");

-- CreateIndex
CREATE INDEX "alarm_device_id_cleared_at_idx" ON "alarm"("device_id", "cleared_at");

-- CreateIndex
CREATE INDEX "event_published_at_id_idx" ON "event"("published_at", "id");

-- CreateIndex
CREATE INDEX "event_topic_id_idx" ON "event"("topic", "id");

-- CreateIndex
CREATE INDEX "idempotency_key_expires_at_idx" ON "idempotency_key"("expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "api_key_prefix_key" ON "api_key"("prefix");

-- CreateIndex
CREATE INDEX "audit_log_entity_entity_id_idx" ON "audit_log"("entity", "entity_id");

-- CreateIndex
CREATE INDEX "dead_letter_connector_created_at_idx" ON "dead_letter"("connector", "created_at");

-- AddForeignKey
ALTER TABLE "material" ADD CONSTRAINT "material_uom_code_fkey" FOREIGN KEY ("uom_code") REFERENCES "unit_of_measure"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bom" ADD CONSTRAINT "bom_material_id_fkey" FOREIGN KEY ("material_id") REFERENCES "material"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bom_line" ADD CONSTRAINT "bom_line_bom_id_fkey" FOREIGN KEY ("bom_id") REFERENCES "bom"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bom_line" ADD CONSTRAINT "bom_line_component_id_fkey" FOREIGN KEY ("component_id") REFERENCES "material"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "substitute" ADD CONSTRAINT "substitute_material_id_fkey" FOREIGN KEY ("material_id") REFERENCES "material"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "substitute" ADD CONSTRAINT "substitute_substitute_id_fkey" FOREIGN KEY ("substitute_id") REFERENCES "material"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "location" ADD CONSTRAINT "location_warehouse_id_fkey" FOREIGN KEY ("warehouse_id") REFERENCES "warehouse"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lot" ADD CONSTRAINT "lot_material_id_fkey" FOREIGN KEY ("material_id") REFERENCES "material"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "lot" ADD CONSTRAINT "lot_work_order_id_fkey" FOREIGN KEY ("work_order_id") REFERENCES "work_order"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_ledger_entry" ADD CONSTRAINT "stock_ledger_entry_material_id_fkey" FOREIGN KEY ("material_id") REFERENCES "material"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_ledger_entry" ADD CONSTRAINT "stock_ledger_entry_warehouse_id_fkey" FOREIGN KEY ("warehouse_id") REFERENCES "warehouse"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_ledger_entry" ADD CONSTRAINT "stock_ledger_entry_location_id_fkey" FOREIGN KEY ("location_id") REFERENCES "location"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_ledger_entry" ADD CONSTRAINT "stock_ledger_entry_lot_id_fkey" FOREIGN KEY ("lot_id") REFERENCES "lot"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_ledger_entry" ADD CONSTRAINT "stock_ledger_entry_work_order_id_fkey" FOREIGN KEY ("work_order_id") REFERENCES "work_order"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_ledger_entry" ADD CONSTRAINT "stock_ledger_entry_transfer_order_id_fkey" FOREIGN KEY ("transfer_order_id") REFERENCES "transfer_order"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_ledger_entry" ADD CONSTRAINT "stock_ledger_entry_purchase_order_id_fkey" FOREIGN KEY ("purchase_order_id") REFERENCES "purchase_order"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_balance" ADD CONSTRAINT "stock_balance_material_id_fkey" FOREIGN KEY ("material_id") REFERENCES "material"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_balance" ADD CONSTRAINT "stock_balance_location_id_fkey" FOREIGN KEY ("location_id") REFERENCES "location"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_balance" ADD CONSTRAINT "stock_balance_lot_id_fkey" FOREIGN KEY ("lot_id") REFERENCES "lot"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reservation" ADD CONSTRAINT "reservation_material_id_fkey" FOREIGN KEY ("material_id") REFERENCES "material"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reservation" ADD CONSTRAINT "reservation_warehouse_id_fkey" FOREIGN KEY ("warehouse_id") REFERENCES "warehouse"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reservation" ADD CONSTRAINT "reservation_location_id_fkey" FOREIGN KEY ("location_id") REFERENCES "location"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reservation" ADD CONSTRAINT "reservation_lot_id_fkey" FOREIGN KEY ("lot_id") REFERENCES "lot"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reservation" ADD CONSTRAINT "reservation_work_order_id_fkey" FOREIGN KEY ("work_order_id") REFERENCES "work_order"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "work_order" ADD CONSTRAINT "work_order_material_id_fkey" FOREIGN KEY ("material_id") REFERENCES "material"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "work_order" ADD CONSTRAINT "work_order_warehouse_id_fkey" FOREIGN KEY ("warehouse_id") REFERENCES "warehouse"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "work_order_operation" ADD CONSTRAINT "work_order_operation_work_order_id_fkey" FOREIGN KEY ("work_order_id") REFERENCES "work_order"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "work_order_material" ADD CONSTRAINT "work_order_material_work_order_id_fkey" FOREIGN KEY ("work_order_id") REFERENCES "work_order"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "work_order_material" ADD CONSTRAINT "work_order_material_material_id_fkey" FOREIGN KEY ("material_id") REFERENCES "material"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mps_line" ADD CONSTRAINT "mps_line_material_id_fkey" FOREIGN KEY ("material_id") REFERENCES "material"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mps_line" ADD CONSTRAINT "mps_line_warehouse_id_fkey" FOREIGN KEY ("warehouse_id") REFERENCES "warehouse"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "planned_order" ADD CONSTRAINT "planned_order_mrp_run_id_fkey" FOREIGN KEY ("mrp_run_id") REFERENCES "mrp_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "planned_order" ADD CONSTRAINT "planned_order_material_id_fkey" FOREIGN KEY ("material_id") REFERENCES "material"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "planned_order" ADD CONSTRAINT "planned_order_warehouse_id_fkey" FOREIGN KEY ("warehouse_id") REFERENCES "warehouse"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "purchase_suggestion" ADD CONSTRAINT "purchase_suggestion_mrp_run_id_fkey" FOREIGN KEY ("mrp_run_id") REFERENCES "mrp_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "purchase_suggestion" ADD CONSTRAINT "purchase_suggestion_material_id_fkey" FOREIGN KEY ("material_id") REFERENCES "material"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "purchase_suggestion" ADD CONSTRAINT "purchase_suggestion_warehouse_id_fkey" FOREIGN KEY ("warehouse_id") REFERENCES "warehouse"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pegging" ADD CONSTRAINT "pegging_mrp_run_id_fkey" FOREIGN KEY ("mrp_run_id") REFERENCES "mrp_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pegging" ADD CONSTRAINT "pegging_mps_line_id_fkey" FOREIGN KEY ("mps_line_id") REFERENCES "mps_line"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "purchase_order" ADD CONSTRAINT "purchase_order_material_id_fkey" FOREIGN KEY ("material_id") REFERENCES "material"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "purchase_order" ADD CONSTRAINT "purchase_order_warehouse_id_fkey" FOREIGN KEY ("warehouse_id") REFERENCES "warehouse"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transfer_order" ADD CONSTRAINT "transfer_order_material_id_fkey" FOREIGN KEY ("material_id") REFERENCES "material"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transfer_order" ADD CONSTRAINT "transfer_order_from_warehouse_id_fkey" FOREIGN KEY ("from_warehouse_id") REFERENCES "warehouse"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "transfer_order" ADD CONSTRAINT "transfer_order_to_warehouse_id_fkey" FOREIGN KEY ("to_warehouse_id") REFERENCES "warehouse"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "exception" ADD CONSTRAINT "exception_material_id_fkey" FOREIGN KEY ("material_id") REFERENCES "material"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "exception" ADD CONSTRAINT "exception_warehouse_id_fkey" FOREIGN KEY ("warehouse_id") REFERENCES "warehouse"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "exception" ADD CONSTRAINT "exception_work_order_id_fkey" FOREIGN KEY ("work_order_id") REFERENCES "work_order"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "exception" ADD CONSTRAINT "exception_mrp_run_id_fkey" FOREIGN KEY ("mrp_run_id") REFERENCES "mrp_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "device" ADD CONSTRAINT "device_warehouse_id_fkey" FOREIGN KEY ("warehouse_id") REFERENCES "warehouse"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "device" ADD CONSTRAINT "device_location_id_fkey" FOREIGN KEY ("location_id") REFERENCES "location"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sensor_reading" ADD CONSTRAINT "sensor_reading_device_id_fkey" FOREIGN KEY ("device_id") REFERENCES "device"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alarm" ADD CONSTRAINT "alarm_device_id_fkey" FOREIGN KEY ("device_id") REFERENCES "device"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

