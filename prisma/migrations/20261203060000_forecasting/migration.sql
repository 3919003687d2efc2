-- Forecasting (src/domain/forecasting): runs, the current forecast and its accuracy per method, planners' overrides.

-- CreateEnum
CREATE TYPE "ForecastBucket" AS ENUM ('DAY', 'WEEK', 'MONTH');

-- CreateEnum
CREATE TYPE "ForecastRunStatus" AS ENUM ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED');

-- CreateTable
CREATE TABLE "forecast_run" (
    "id" SERIAL NOT NULL,
    "status" "ForecastRunStatus" NOT NULL DEFAULT 'QUEUED',
    "warehouse_id" INTEGER NOT NULL,
    "bucket" "ForecastBucket" NOT NULL,
    "parameters" JSONB NOT NULL DEFAULT '{}',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "counts" JSONB NOT NULL DEFAULT '{}',
    "error" TEXT,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT NOT NULL,

    CONSTRAINT "forecast_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "forecast" (
    "material_id" INTEGER NOT NULL,
    "warehouse_id" INTEGER NOT NULL,
    "bucket_start" TIMESTAMP(3) NOT NULL,
    "bucket" "ForecastBucket" NOT NULL,
    "quantity" DECIMAL(18,6) NOT NULL,
    "method" TEXT NOT NULL,
    "forecast_run_id" INTEGER NOT NULL,

    CONSTRAINT "forecast_pkey" PRIMARY KEY ("warehouse_id","material_id","bucket_start")
);

-- CreateTable
CREATE TABLE "forecast_accuracy" (
    "material_id" INTEGER NOT NULL,
    "warehouse_id" INTEGER NOT NULL,
    "method" TEXT NOT NULL,
    "mape" DOUBLE PRECISION,
    "mase" DOUBLE PRECISION,
    "wape" DOUBLE PRECISION,
    "chosen" BOOLEAN NOT NULL,
    "forecast_run_id" INTEGER NOT NULL,

    CONSTRAINT "forecast_accuracy_pkey" PRIMARY KEY ("warehouse_id","material_id","method")
);

-- CreateTable
CREATE TABLE "forecast_override" (
    "material_id" INTEGER NOT NULL,
    "warehouse_id" INTEGER NOT NULL,
    "bucket_start" TIMESTAMP(3) NOT NULL,
    "quantity" DECIMAL(18,6) NOT NULL,
    "note" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by" TEXT NOT NULL,

    CONSTRAINT "forecast_override_pkey" PRIMARY KEY ("warehouse_id","material_id","bucket_start")
);

-- CreateIndex
CREATE INDEX "forecast_run_warehouse_id_id_idx" ON "forecast_run"("warehouse_id", "id");

