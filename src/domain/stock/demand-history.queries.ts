import type { Sql } from "../../db/database";
import type { DemandBucket } from "./demand-series";

/**
 * Demand as the ledger recorded it: what left stock to be used — issues, backflush and transfer shipments
 * (the demand a distribution warehouse serves) — per material, warehouse and bucket. Scrap, adjustments,
 * counts and moves inside a warehouse are not demand. Buckets start on UTC day, ISO week (Monday) or month.
 */
export const DEMAND_MOVEMENTS = ["ISSUE", "BACKFLUSH", "TRANSFER_SHIP"] as const;

export interface DemandPoint {
  materialId: number;
  warehouseId: number;
  bucketStart: Date;
  /** consumed quantity in the material's base unit (exact text) */
  quantity: string;
}

export interface DemandHistoryFilter {
  bucket: DemandBucket;
  /** first instant counted (inclusive) and the end (exclusive) */
  from: Date;
  to: Date;
  materialIds?: readonly number[];
  warehouseIds?: readonly number[];
}

const TRUNC: Record<DemandBucket, string> = { DAY: "day", WEEK: "week", MONTH: "month" };

/** Buckets with demand only (no zero rows): densify with `demandSeries`. Reversals (positive issues) net out. */
export async function demandHistory(sql: Sql, filter: DemandHistoryFilter): Promise<DemandPoint[]> {
  const params: unknown[] = [TRUNC[filter.bucket], filter.from, filter.to, DEMAND_MOVEMENTS];
  let where = "";
  if (filter.materialIds) where += ` AND material_id = ANY($${params.push(filter.materialIds)}::int[])`;
  if (filter.warehouseIds) where += ` AND warehouse_id = ANY($${params.push(filter.warehouseIds)}::int[])`;
  return sql.query<DemandPoint>(
    `SELECT material_id AS "materialId", warehouse_id AS "warehouseId",
            (date_trunc($1, posted_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC') AS "bucketStart",
            (-sum(quantity))::text AS quantity
       FROM stock_ledger_entry
      WHERE posted_at >= $2 AND posted_at < $3 AND type::text = ANY($4::text[])${where}
      GROUP BY 1, 2, 3
     HAVING sum(quantity) <> 0
      ORDER BY 1, 2, 3`,
    params,
  );
}
