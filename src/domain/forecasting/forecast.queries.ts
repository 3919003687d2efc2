import type { Sql } from "../../db/database";
import { sqlVisible, type WarehouseScope } from "../../auth/warehouse-scope";
import { materialJoin } from "../materials/material.store";
import { warehouseCodeOf } from "../sites/sites.store";
import type { DemandBucket } from "../stock/demand-series";
import { RUN_COLUMNS } from "./forecast.store";
import type { ForecastAccuracyRow, ForecastBucketRow, ForecastRunRow, MaterialForecastRow } from "./forecasting.types";

/** A run by id, if its warehouse is in `scope`. */
export async function runById(sql: Sql, id: number, scope: WarehouseScope): Promise<ForecastRunRow | undefined> {
  const [row] = await sql.query<ForecastRunRow>(
    `SELECT ${RUN_COLUMNS} FROM forecast_run WHERE id = $1 AND ${sqlVisible(warehouseCodeOf("forecast_run.warehouse_id"), "$2")}`,
    [id, scope],
  );
  return row;
}

/** The materials with a computed forecast in the warehouse (optionally one), by material id. */
export async function materialForecastsPage(sql: Sql, f: { warehouseId: number; materialId?: number }, afterId: number, limit: number) {
  const where = `a.warehouse_id = $1 AND a.chosen AND ($2::int IS NULL OR a.material_id = $2)`;
  const params = [f.warehouseId, f.materialId ?? null];
  const rows = await sql.query<MaterialForecastRow & { materialCode: string }>(
    `SELECT a.material_id AS id, a.material_id AS "materialId", m.code AS "materialCode", a.warehouse_id AS "warehouseId", r.bucket,
            a.method, a.forecast_run_id AS "forecastRunId"
       FROM forecast_accuracy a JOIN forecast_run r ON r.id = a.forecast_run_id ${materialJoin("m", "a.material_id")}
      WHERE ${where} AND a.material_id > $3 ORDER BY a.material_id LIMIT $4`,
    [...params, afterId, limit + 1],
  );
  const total = async () => (await sql.query<{ total: number }>(`SELECT count(*)::int AS total FROM forecast_accuracy a WHERE ${where}`, params))[0].total;
  return { rows: rows.slice(0, limit), hasNextPage: rows.length > limit, total };
}

/** The forecast buckets of the materials in the warehouse: computed, overridden, or both, by bucket. */
export function forecastBuckets(sql: Sql, warehouseId: number, materialIds: readonly number[]): Promise<ForecastBucketRow[]> {
  return sql.query<ForecastBucketRow>(
    `SELECT coalesce(f.material_id, o.material_id) AS "materialId", coalesce(f.bucket_start, o.bucket_start) AT TIME ZONE 'UTC' AS "bucketStart",
            f.quantity::text AS forecast, o.quantity::text AS override
       FROM (SELECT * FROM forecast WHERE warehouse_id = $1 AND material_id = ANY($2::int[])) f
       FULL JOIN (SELECT * FROM forecast_override WHERE warehouse_id = $1 AND material_id = ANY($2::int[])) o
         ON o.material_id = f.material_id AND o.bucket_start = f.bucket_start
      ORDER BY 1, 2`,
    [warehouseId, materialIds],
  );
}

/** Each method's hold-out scores for the materials in the warehouse. */
export function forecastAccuracy(sql: Sql, warehouseId: number, materialIds: readonly number[]): Promise<ForecastAccuracyRow[]> {
  return sql.query<ForecastAccuracyRow>(
    `SELECT material_id AS "materialId", method, mape, mase, wape, chosen FROM forecast_accuracy
      WHERE warehouse_id = $1 AND material_id = ANY($2::int[]) ORDER BY material_id, method`,
    [warehouseId, materialIds],
  );
}

/**
 * A warehouse's forecast as MRP's independent demand: per material and bucket the planner's override where
 * there is one, else the computed quantity; due at the bucket's start; buckets that ended before `from` left
 * out (an override's bucket is its material's forecast bucket, a day where it has none).
 */
export function forecastDemandRows(sql: Sql, warehouseId: number, from: Date, materialIds: readonly number[] | null = null): Promise<{ materialId: number; dueDate: Date; quantity: string }[]> {
  return sql.query(
    `SELECT d."materialId", d.start AT TIME ZONE 'UTC' AS "dueDate", d.quantity::text AS quantity
       FROM (SELECT coalesce(o.material_id, f.material_id) AS "materialId", coalesce(o.bucket_start, f.bucket_start) AS start,
                    coalesce(o.quantity, f.quantity) AS quantity,
                    coalesce(f.bucket::text, (SELECT min(bucket::text) FROM forecast g WHERE g.warehouse_id = $1 AND g.material_id = o.material_id), 'DAY') AS bucket
               FROM (SELECT * FROM forecast WHERE warehouse_id = $1) f
               FULL JOIN (SELECT * FROM forecast_override WHERE warehouse_id = $1) o ON o.material_id = f.material_id AND o.bucket_start = f.bucket_start) d
      WHERE d.quantity > 0 AND ($3::int[] IS NULL OR d."materialId" = ANY($3::int[]))
        AND d.start + CASE d.bucket::text WHEN 'WEEK' THEN interval '7 days' WHEN 'MONTH' THEN interval '1 month' ELSE interval '1 day' END
            > $2::timestamptz AT TIME ZONE 'UTC'
      ORDER BY 2, 1`,
    [warehouseId, from.toISOString(), materialIds],
  );
}

/** The bucket of the material's current forecast in the warehouse (undefined: none). */
export async function forecastBucketOf(sql: Sql, warehouseId: number, materialId: number): Promise<DemandBucket | undefined> {
  const [row] = await sql.query<{ bucket: DemandBucket }>(`SELECT bucket FROM forecast WHERE warehouse_id = $1 AND material_id = $2 LIMIT 1`, [warehouseId, materialId]);
  return row?.bucket;
}
