-- Readings stamped before the latest one judged (a device uploading what it buffered) are stored but do not
-- raise or clear alarms: each threshold remembers the time of the latest reading it judged.

-- AlterTable
ALTER TABLE "sensor_threshold" ADD COLUMN     "judged_until" TIMESTAMP(3);

