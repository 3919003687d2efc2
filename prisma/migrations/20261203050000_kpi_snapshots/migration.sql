-- Daily KPI snapshots (src/domain/kpis: kpi_value): per day, measure, warehouse and material, the numerator and
-- denominator the KPIs are computed from, so that a series over any filter is a cheap sum.

-- CreateTable
CREATE TABLE "kpi_value" (
    "day" DATE NOT NULL,
    "measure" TEXT NOT NULL,
    "warehouse_id" INTEGER NOT NULL,
    "material_id" INTEGER NOT NULL DEFAULT 0,
    "abc_class" "AbcClass",
    "numerator" DECIMAL(24,6) NOT NULL,
    "denominator" DECIMAL(24,6) NOT NULL,
    "computed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "kpi_value_pkey" PRIMARY KEY ("day","measure","warehouse_id","material_id")
);

-- CreateIndex
CREATE INDEX "kpi_value_warehouse_id_day_idx" ON "kpi_value"("warehouse_id", "day");
