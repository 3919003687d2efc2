-- Sensor readings are deleted by age (src/domain/housekeeping/retention.ts): an index to find the old ones.

-- CreateIndex
CREATE INDEX "sensor_reading_recorded_at_idx" ON "sensor_reading"("recorded_at");

