-- Sensor thresholds: the range a device's metric should stay in; readings outside it raise alarms.

-- CreateTable
CREATE TABLE "sensor_threshold" (
    "id" SERIAL NOT NULL,
    "device_id" INTEGER NOT NULL,
    "metric" TEXT NOT NULL,
    "low" DOUBLE PRECISION,
    "high" DOUBLE PRECISION,
    "severity" "Severity" NOT NULL DEFAULT 'WARNING',
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by" TEXT NOT NULL,

    CONSTRAINT "sensor_threshold_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "sensor_threshold_device_id_metric_key" ON "sensor_threshold"("device_id", "metric");

-- AddForeignKey
ALTER TABLE "sensor_threshold" ADD CONSTRAINT "sensor_threshold_device_id_fkey" FOREIGN KEY ("device_id") REFERENCES "device"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
