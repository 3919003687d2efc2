-- A reading delivered again (MQTT QoS 1 after a lost acknowledgement) is stored once when its device
-- stamps it: readings become unique per device, metric, time and value. Copies stored before are removed
-- first (the oldest row of each is kept), so that the unique index can be built.
DELETE FROM "sensor_reading" later USING "sensor_reading" earlier
 WHERE later."device_id" = earlier."device_id" AND later."metric" = earlier."metric"
   AND later."recorded_at" = earlier."recorded_at" AND later."value" = earlier."value" AND later."id" > earlier."id";

-- DropIndex
DROP INDEX "sensor_reading_device_id_metric_recorded_at_idx";

-- CreateIndex
CREATE UNIQUE INDEX "sensor_reading_device_id_metric_recorded_at_value_key" ON "sensor_reading"("device_id", "metric", "recorded_at", "value");
