import type { Topics } from "../../events/topics";
import type { DemandBucket } from "../stock/demand-series";
import type { ForecastMethod } from "./forecast-series";

/** QUEUED → RUNNING → COMPLETED | FAILED */
export type ForecastRunStatus = Topics["forecast.progress"]["status"];

export interface ForecastRunRow {
  id: number;
  status: ForecastRunStatus;
  warehouseId: number;
  bucket: DemandBucket;
  parameters: Record<string, unknown>;
  progress: number;
  counts: Record<string, number>;
  error: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  createdAt: Date;
  createdBy: string;
}

/** One material's current forecast in one warehouse, as the graph lists it. */
export interface MaterialForecastRow {
  /** a row number for paging (material id: one row per material in the warehouse asked for) */
  id: number;
  materialId: number;
  warehouseId: number;
  bucket: DemandBucket;
  method: ForecastMethod;
  forecastRunId: number;
}

export interface ForecastBucketRow {
  materialId: number;
  bucketStart: Date;
  /** computed (null: an override where nothing was computed) */
  forecast: string | null;
  override: string | null;
}

export interface ForecastAccuracyRow {
  materialId: number;
  method: ForecastMethod;
  mape: number | null;
  mase: number | null;
  wape: number | null;
  chosen: boolean;
}

export interface ForecastOverrideRow {
  materialId: number;
  warehouseId: number;
  bucketStart: Date;
  quantity: string;
  note: string | null;
  createdBy: string;
}
