import type { Tx } from "../../db/transaction";
import type { DemandBucket } from "../stock/demand-series";
import type { ForecastOverrideRow, ForecastRunRow } from "./forecasting.types";

/** The only files whose SQL names forecast_run, forecast, forecast_accuracy and forecast_override: this one (writes) and forecast.queries.ts (reads). */

export const RUN_COLUMNS = `id, status, warehouse_id AS "warehouseId", bucket, parameters, progress, counts, error,
  started_at AS "startedAt", finished_at AS "finishedAt", created_at AS "createdAt", created_by AS "createdBy"`;

export async function insertQueuedRun(
  tx: Tx,
  v: { warehouseId: number; bucket: DemandBucket; parameters: Record<string, unknown>; by: string },
): Promise<ForecastRunRow> {
  const [row] = await tx.query<ForecastRunRow>(
    `INSERT INTO forecast_run (status, warehouse_id, bucket, parameters, created_by)
     VALUES ('QUEUED', $1, $2::"ForecastBucket", $3::jsonb, $4) RETURNING ${RUN_COLUMNS}`,
    [v.warehouseId, v.bucket, JSON.stringify(v.parameters), v.by],
  );
  return row;
}

/** The run's progress; the first report starts it (QUEUED → RUNNING). */
export async function markRunProgress(tx: Tx, runId: number, percent: number): Promise<void> {
  await tx.query(`UPDATE forecast_run SET status = 'RUNNING', started_at = coalesce(started_at, now()), progress = $2 WHERE id = $1`, [runId, percent]);
}

export async function completeRun(tx: Tx, runId: number, counts: Record<string, number>): Promise<void> {
  await tx.query(`UPDATE forecast_run SET status = 'COMPLETED', progress = 100, finished_at = now(), counts = $2::jsonb WHERE id = $1`, [runId, JSON.stringify(counts)]);
}

export async function failRun(tx: Tx, runId: number, error: string): Promise<void> {
  await tx.query(`UPDATE forecast_run SET status = 'FAILED', error = $2, finished_at = now() WHERE id = $1`, [runId, error]);
}

/** A chunk of one run's results in columns: one entry per forecast bucket, and per method scored. */
export interface ForecastColumns {
  materialIds: number[];
  bucketStarts: string[];
  quantities: string[];
  methods: string[];
}
export interface AccuracyColumns {
  materialIds: number[];
  methods: string[];
  mape: (number | null)[];
  mase: (number | null)[];
  wape: (number | null)[];
  chosen: boolean[];
}

const WRITE_LOCK = 74_260_070;

/**
 * Replaces the forecasts and scores of the chunk's materials in the warehouse with the run's (overrides stay).
 * Two runs of a warehouse write one after the other (the later's rows win), not into each other's keys.
 * Returns the materials whose forecast (buckets and quantities) is not what it was: their MRP demand changed.
 */
export async function replaceForecasts(tx: Tx, run: { id: number; warehouseId: number; bucket: DemandBucket }, materialIds: number[], f: ForecastColumns, a: AccuracyColumns): Promise<number[]> {
  await tx.query(`SELECT 1 AS locked FROM pg_advisory_xact_lock(${WRITE_LOCK}, $1::int)`, [run.warehouseId]);
  const OLD = `SELECT material_id, bucket_start, bucket::text, quantity FROM forecast WHERE warehouse_id = $1 AND material_id = ANY($2::int[])`;
  const NEW = `SELECT u.m, u.s::timestamptz AT TIME ZONE 'UTC', $3::text, u.q FROM unnest($4::int[], $5::text[], $6::numeric[]) AS u(m, s, q)`;
  const changed = await tx.query<{ materialId: number }>(
    `SELECT DISTINCT material_id AS "materialId" FROM ((${OLD} EXCEPT ${NEW}) UNION ALL (${NEW} EXCEPT ${OLD})) d ORDER BY 1`,
    [run.warehouseId, materialIds, run.bucket, f.materialIds, f.bucketStarts, f.quantities],
  );
  await tx.query(`DELETE FROM forecast WHERE warehouse_id = $1 AND material_id = ANY($2::int[])`, [run.warehouseId, materialIds]);
  await tx.query(`DELETE FROM forecast_accuracy WHERE warehouse_id = $1 AND material_id = ANY($2::int[])`, [run.warehouseId, materialIds]);
  await tx.query(
    `INSERT INTO forecast (material_id, warehouse_id, bucket_start, bucket, quantity, method, forecast_run_id)
     SELECT u.m, $1, u.s::timestamptz AT TIME ZONE 'UTC', $2::"ForecastBucket", u.q, u.k, $3
       FROM unnest($4::int[], $5::text[], $6::numeric[], $7::text[]) AS u(m, s, q, k)`,
    [run.warehouseId, run.bucket, run.id, f.materialIds, f.bucketStarts, f.quantities, f.methods],
  );
  await tx.query(
    `INSERT INTO forecast_accuracy (material_id, warehouse_id, method, mape, mase, wape, chosen, forecast_run_id)
     SELECT u.m, $1, u.k, u.p, u.s, u.w, u.c, $2
       FROM unnest($3::int[], $4::text[], $5::float8[], $6::float8[], $7::float8[], $8::bool[]) AS u(m, k, p, s, w, c)`,
    [run.warehouseId, run.id, a.materialIds, a.methods, a.mape, a.mase, a.wape, a.chosen],
  );
  return changed.map((c) => c.materialId);
}

/** Sets (or replaces) a planner's override of a bucket. */
export async function upsertOverride(tx: Tx, v: { materialId: number; warehouseId: number; bucketStart: Date; quantity: string; note: string | null; by: string }): Promise<ForecastOverrideRow> {
  const [row] = await tx.query<ForecastOverrideRow>(
    `INSERT INTO forecast_override (material_id, warehouse_id, bucket_start, quantity, note, created_by)
     VALUES ($1, $2, $3::timestamptz AT TIME ZONE 'UTC', $4::numeric, $5, $6)
     ON CONFLICT (warehouse_id, material_id, bucket_start) DO UPDATE SET quantity = EXCLUDED.quantity, note = EXCLUDED.note,
        created_by = EXCLUDED.created_by, created_at = now()
     RETURNING material_id AS "materialId", warehouse_id AS "warehouseId", bucket_start AT TIME ZONE 'UTC' AS "bucketStart",
               quantity::text AS quantity, note, created_by AS "createdBy"`,
    [v.materialId, v.warehouseId, v.bucketStart.toISOString(), v.quantity, v.note, v.by],
  );
  return row;
}

/** Removes an override; whether there was one. */
export async function deleteOverride(tx: Tx, v: { materialId: number; warehouseId: number; bucketStart: Date }): Promise<boolean> {
  const rows = await tx.query(
    `DELETE FROM forecast_override WHERE warehouse_id = $1 AND material_id = $2 AND bucket_start = $3::timestamptz AT TIME ZONE 'UTC' RETURNING 1 AS deleted`,
    [v.warehouseId, v.materialId, v.bucketStart.toISOString()],
  );
  return rows.length > 0;
}
