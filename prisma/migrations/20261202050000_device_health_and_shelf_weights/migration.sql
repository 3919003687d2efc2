-- Devices (issue #16): health (battery, expected interval, message counts, DEVICE_SILENT alarms), shelf weight
-- sensors compared with the booked stock (STOCK_MISMATCH exceptions), and alarms that carry their device's code
-- and warehouse, so that the alerts area lists them without reading the devices' tables.

-- CreateEnum
CREATE TYPE "AlarmKind" AS ENUM ('THRESHOLD', 'DEVICE_SILENT');

-- AlterEnum (the new values are not used in this transaction)
ALTER TYPE "ExceptionType" ADD VALUE 'STOCK_MISMATCH';
ALTER TYPE "DeviceKind" ADD VALUE 'WEIGHT_SENSOR';

-- AlterTable
ALTER TABLE "material" ADD COLUMN     "unit_weight" DECIMAL(18,6);

-- AlterTable
ALTER TABLE "device" ADD COLUMN     "battery" DOUBLE PRECISION,
ADD COLUMN     "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "expected_interval_seconds" INTEGER,
ADD COLUMN     "material_id" INTEGER,
ADD COLUMN     "mismatch_exception_id" INTEGER,
ADD COLUMN     "silent_alarm_id" INTEGER,
ADD COLUMN     "weight_judged_until" TIMESTAMP(3),
ADD COLUMN     "weight_tolerance" DECIMAL(18,6),
ADD COLUMN     "weight_tolerance_pct" DECIMAL(6,3);

-- AlterTable: existing alarms take their device's code and current warehouse
ALTER TABLE "alarm" ADD COLUMN     "device_code" TEXT,
ADD COLUMN     "kind" "AlarmKind" NOT NULL DEFAULT 'THRESHOLD',
ADD COLUMN     "warehouse_code" TEXT;
UPDATE "alarm" a SET "device_code" = d."code", "warehouse_code" = w."code"
  FROM "device" d LEFT JOIN "warehouse" w ON w."id" = d."warehouse_id" WHERE d."id" = a."device_id";
ALTER TABLE "alarm" ALTER COLUMN "device_code" SET NOT NULL;

-- CreateTable
CREATE TABLE "device_message_minute" (
    "device_id" INTEGER NOT NULL,
    "minute" TIMESTAMP(3) NOT NULL,
    "messages" INTEGER NOT NULL,

    CONSTRAINT "device_message_minute_pkey" PRIMARY KEY ("device_id","minute")
);

-- AddForeignKey
ALTER TABLE "device" ADD CONSTRAINT "device_material_id_fkey" FOREIGN KEY ("material_id") REFERENCES "material"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "device_message_minute" ADD CONSTRAINT "device_message_minute_device_id_fkey" FOREIGN KEY ("device_id") REFERENCES "device"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
