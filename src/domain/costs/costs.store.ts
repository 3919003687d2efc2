import type { Tx } from "../../db/transaction";

/** The only file whose SQL names material_cost. */
export interface CostRow { id: number; materialId: number; cost: string; currency: string; validFrom: Date; createdAt: Date; createdBy: string }

const C = `id, material_id AS "materialId", cost::text AS cost, currency, valid_from AS "validFrom", created_at AS "createdAt", created_by AS "createdBy"`;

export async function upsertCost(tx: Tx, v: { materialId: number; cost: string; currency: string; validFrom: string; by: string }): Promise<{ row: CostRow; created: boolean }> {
  const [row] = await tx.query<CostRow & { created: boolean }>(
    `INSERT INTO material_cost (material_id, cost, currency, valid_from, created_by) VALUES ($1, $2::numeric, $3, $4::date, $5)
     ON CONFLICT (material_id, valid_from) DO UPDATE SET cost = EXCLUDED.cost, currency = EXCLUDED.currency, created_by = EXCLUDED.created_by, created_at = now()
     RETURNING ${C}, (xmax = 0) AS created`,
    [v.materialId, v.cost, v.currency, v.validFrom, v.by],
  );
  const { created, ...cost } = row;
  return { row: cost, created };
}

/** Each material's standard cost in effect on `day` (the latest that started by then). */
export function costsOn(tx: Tx, day: string): Promise<CostRow[]> {
  return tx.query<CostRow>(`SELECT DISTINCT ON (material_id) ${C} FROM material_cost WHERE valid_from <= $1::date ORDER BY material_id, valid_from DESC`, [day]);
}

/** The standard cost in effect on `day` of each of these materials that has one. */
export function costsOfMaterialsOn(tx: Tx, materialIds: readonly number[], day: string): Promise<CostRow[]> {
  return tx.query<CostRow>(
    `SELECT DISTINCT ON (material_id) ${C} FROM material_cost WHERE material_id = ANY($1::int[]) AND valid_from <= $2::date ORDER BY material_id, valid_from DESC`,
    [materialIds, day],
  );
}

export function costHistory(tx: Tx, materialIds: readonly number[]): Promise<CostRow[]> {
  return tx.query<CostRow>(`SELECT ${C} FROM material_cost WHERE material_id = ANY($1::int[]) ORDER BY material_id, valid_from DESC`, [materialIds]);
}
