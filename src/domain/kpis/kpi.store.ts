import type { Sql } from "../../db/database";
import type { Tx } from "../../db/transaction";
import type { Cell } from "./collect-measures";
import type { Measure } from "./kpi-formulas";

/** The only file whose SQL names kpi_value. */

/** Replaces the snapshots of days [fromDay, toDay] of these warehouses with `cells`. */
export async function replaceDays(tx: Tx, fromDay: string, toDay: string, warehouseIds: readonly number[], cells: readonly Cell[]): Promise<void> {
  await tx.query(`DELETE FROM kpi_value WHERE day BETWEEN $1::date AND $2::date AND warehouse_id = ANY($3::int[])`, [fromDay, toDay, warehouseIds]);
  const CHUNK = 5_000;
  for (let i = 0; i < cells.length; i += CHUNK) {
    const part = cells.slice(i, i + CHUNK);
    // the classes as text[] first: the embedded database's driver sends an array of an enum as a bare list
    await tx.query(
      `INSERT INTO kpi_value (day, measure, warehouse_id, material_id, abc_class, numerator, denominator)
       SELECT * FROM unnest($1::date[], $2::text[], $3::int[], $4::int[], $5::text[]::"AbcClass"[], $6::numeric[], $7::numeric[])`,
      [
        part.map((c) => c.day), part.map((c) => c.measure), part.map((c) => c.warehouseId), part.map((c) => c.materialId),
        part.map((c) => c.abcClass), part.map((c) => c.numerator.toFixed(6)), part.map((c) => c.denominator.toFixed(6)),
      ],
    );
  }
}

/** A digest of each of these warehouses' snapshots of days [fromDay, toDay] (a warehouse without any: absent). */
export async function digests(tx: Tx, fromDay: string, toDay: string, warehouseIds: readonly number[]): Promise<Map<number, string>> {
  const rows = await tx.query<{ warehouseId: number; digest: string }>(
    `SELECT warehouse_id AS "warehouseId", md5(string_agg(concat_ws('|', day, measure, material_id, numerator, denominator), ',' ORDER BY day, measure, material_id)) AS digest
       FROM kpi_value WHERE day BETWEEN $1::date AND $2::date AND warehouse_id = ANY($3::int[]) GROUP BY warehouse_id`,
    [fromDay, toDay, warehouseIds],
  );
  return new Map(rows.map((r) => [r.warehouseId, r.digest]));
}

export interface SumRow { day: string; measure: Measure; numerator: number; denominator: number }

/** Daily sums per measure over days [fromDay, toDay] of the rows matching the filter (null: any). */
export function dailySums(sql: Sql, f: { fromDay: string; toDay: string; warehouseIds: readonly number[] | null; materialId: number | null; abcClass: string | null }) {
  return sql.query<SumRow>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, measure, sum(numerator)::float8 AS numerator, sum(denominator)::float8 AS denominator
       FROM kpi_value
      WHERE day BETWEEN $1::date AND $2::date AND ($3::int[] IS NULL OR warehouse_id = ANY($3::int[]))
        AND ($4::int IS NULL OR material_id = $4) AND ($5::text IS NULL OR abc_class::text = $5)
      GROUP BY day, measure`,
    [f.fromDay, f.toDay, f.warehouseIds, f.materialId, f.abcClass],
  );
}

/** The last day snapshots were computed for (null: never). */
export async function lastDay(sql: Sql): Promise<string | null> {
  const [row] = await sql.query<{ day: string | null }>(`SELECT to_char(max(day), 'YYYY-MM-DD') AS day FROM kpi_value`);
  return row.day;
}

/** Daily sums per warehouse and measure over days [fromDay, toDay] (the business gauges on /metrics). */
export function dailySumsByWarehouse(sql: Sql, fromDay: string, toDay: string) {
  return sql.query<SumRow & { warehouseId: number }>(
    `SELECT warehouse_id AS "warehouseId", to_char(day, 'YYYY-MM-DD') AS day, measure, sum(numerator)::float8 AS numerator, sum(denominator)::float8 AS denominator
       FROM kpi_value WHERE day BETWEEN $1::date AND $2::date GROUP BY warehouse_id, day, measure`,
    [fromDay, toDay],
  );
}
