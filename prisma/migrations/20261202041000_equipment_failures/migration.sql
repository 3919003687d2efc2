-- Equipment failures: a work center of a warehouse (or one operation) that cannot run, the operations it
-- blocks, the device whose CRITICAL alarm reports it, and the cursor of the follower of those alarms.
CREATE TABLE "equipment_failure" (
    "id" SERIAL NOT NULL,
    "work_center_id" INTEGER,
    "warehouse_id" INTEGER NOT NULL,
    "work_order_id" INTEGER,
    "sequence" INTEGER,
    "description" TEXT NOT NULL,
    "exception_id" INTEGER,
    "alarm_id" INTEGER,
    "device_id" INTEGER,
    "reported_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reported_by" TEXT NOT NULL,
    "repaired_at" TIMESTAMP(3),
    "repaired_by" TEXT,
    "repair_note" TEXT,

    CONSTRAINT "equipment_failure_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "equipment_failure_alarm_id_key" ON "equipment_failure"("alarm_id");
CREATE INDEX "equipment_failure_work_center_id_warehouse_id_repaired_at_idx" ON "equipment_failure"("work_center_id", "warehouse_id", "repaired_at");
CREATE INDEX "equipment_failure_exception_id_idx" ON "equipment_failure"("exception_id");
ALTER TABLE "equipment_failure" ADD CONSTRAINT "equipment_failure_work_center_id_fkey" FOREIGN KEY ("work_center_id") REFERENCES "work_center"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "equipment_failure" ADD CONSTRAINT "equipment_failure_warehouse_id_fkey" FOREIGN KEY ("warehouse_id") REFERENCES "warehouse"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "equipment_failure" ADD CONSTRAINT "equipment_failure_work_order_id_fkey" FOREIGN KEY ("work_order_id") REFERENCES "work_order"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "equipment_failure" ADD CONSTRAINT "equipment_failure_exception_id_fkey" FOREIGN KEY ("exception_id") REFERENCES "exception"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "equipment_failure" ADD CONSTRAINT "equipment_failure_alarm_id_fkey" FOREIGN KEY ("alarm_id") REFERENCES "alarm"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "equipment_failure" ADD CONSTRAINT "equipment_failure_device_id_fkey" FOREIGN KEY ("device_id") REFERENCES "device"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- An operation stopped by an open failure may neither start nor complete.
ALTER TABLE "work_order_operation" ADD COLUMN "blocked_by_failure_id" INTEGER;
CREATE INDEX "work_order_operation_blocked_by_failure_id_idx" ON "work_order_operation"("blocked_by_failure_id");
ALTER TABLE "work_order_operation" ADD CONSTRAINT "work_order_operation_blocked_by_failure_id_fkey" FOREIGN KEY ("blocked_by_failure_id") REFERENCES "equipment_failure"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The work center a device watches (its CRITICAL alarms report a failure there).
ALTER TABLE "device" ADD COLUMN "work_center_id" INTEGER;
ALTER TABLE "device" ADD CONSTRAINT "device_work_center_id_fkey" FOREIGN KEY ("work_center_id") REFERENCES "work_center"("id") ON DELETE SET NULL ON UPDATE CASCADE;

CREATE TABLE "exception_event_cursor" (
    "name" TEXT NOT NULL,
    "last_event_id" BIGINT NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "exception_event_cursor_pkey" PRIMARY KEY ("name")
);
