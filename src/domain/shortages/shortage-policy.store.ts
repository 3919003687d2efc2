import type { Sql } from "../../db/database";
import type { Tx } from "../../db/transaction";
import type { ShortagePolicy, ShortageMode, SourceSelection } from "./shortage-policy.rules";

/** The only SQL on shortage_policy and transit_lane. */

export interface PolicyRow extends ShortagePolicy { id: number; updatedAt: Date; updatedBy: string }
export interface LaneRow { id: number; fromWarehouseId: number; toWarehouseId: number; transitDays: number; updatedAt: Date; updatedBy: string }

const POLICY = `id, material_id AS "materialId", warehouse_id AS "warehouseId", mode::text AS mode, use_substitutes AS "useSubstitutes",
  use_transfers AS "useTransfers", source_selection::text AS "sourceSelection", COALESCE(transfer_source_ids, '{}') AS "transferSourceIds",
  use_purchase AS "usePurchase", updated_at AS "updatedAt", updated_by AS "updatedBy"`;
const LANE = `id, from_warehouse_id AS "fromWarehouseId", to_warehouse_id AS "toWarehouseId", transit_days AS "transitDays", updated_at AS "updatedAt", updated_by AS "updatedBy"`;

/** The policies that could apply to these materials in a warehouse: theirs, the warehouse's and the global one. */
export function policiesFor(tx: Tx, materialIds: readonly number[], warehouseId: number): Promise<PolicyRow[]> {
  return tx.query<PolicyRow>(`SELECT ${POLICY} FROM shortage_policy WHERE material_key = ANY($1::int[] || 0) AND warehouse_key IN (0, $2)`, [materialIds, warehouseId]);
}

export interface PolicyValues {
  materialId: number | null; warehouseId: number | null; mode: ShortageMode; useSubstitutes: boolean; useTransfers: boolean;
  sourceSelection: SourceSelection; transferSourceIds: number[]; usePurchase: boolean; updatedBy: string;
}

/** Creates or replaces the policy of a scope (material and/or warehouse, or neither: global). */
export async function upsertPolicy(tx: Tx, v: PolicyValues): Promise<PolicyRow> {
  const [row] = await tx.query<PolicyRow>(
    `INSERT INTO shortage_policy (material_id, warehouse_id, material_key, warehouse_key, mode, use_substitutes, use_transfers, source_selection,
                                  transfer_source_ids, use_purchase, updated_by)
     VALUES ($1, $2, COALESCE($1, 0), COALESCE($2, 0), $3::"ShortageMode", $4, $5, $6::"TransferSourceSelection", $7::int[], $8, $9)
     ON CONFLICT (material_key, warehouse_key) DO UPDATE SET mode = EXCLUDED.mode, use_substitutes = EXCLUDED.use_substitutes,
       use_transfers = EXCLUDED.use_transfers, source_selection = EXCLUDED.source_selection, transfer_source_ids = EXCLUDED.transfer_source_ids,
       use_purchase = EXCLUDED.use_purchase, updated_by = EXCLUDED.updated_by, updated_at = now()
     RETURNING ${POLICY}`,
    [v.materialId, v.warehouseId, v.mode, v.useSubstitutes, v.useTransfers, v.sourceSelection, v.transferSourceIds, v.usePurchase, v.updatedBy],
  );
  return row;
}

/** Deletes the policy of a scope; false when it had none. */
export async function deletePolicy(tx: Tx, materialId: number | null, warehouseId: number | null): Promise<boolean> {
  return (await tx.query(`DELETE FROM shortage_policy WHERE material_key = $1 AND warehouse_key = $2 RETURNING id`, [materialId ?? 0, warehouseId ?? 0])).length > 0;
}

/** Every policy: global first, then by warehouse, then by material. */
export const allPolicies = (sql: Sql) => sql.query<PolicyRow>(`SELECT ${POLICY} FROM shortage_policy ORDER BY warehouse_key, material_key`);

export async function upsertLane(tx: Tx, fromWarehouseId: number, toWarehouseId: number, transitDays: number, by: string): Promise<LaneRow> {
  const [row] = await tx.query<LaneRow>(
    `INSERT INTO transit_lane (from_warehouse_id, to_warehouse_id, transit_days, updated_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (from_warehouse_id, to_warehouse_id) DO UPDATE SET transit_days = EXCLUDED.transit_days, updated_by = EXCLUDED.updated_by, updated_at = now()
     RETURNING ${LANE}`,
    [fromWarehouseId, toWarehouseId, transitDays, by],
  );
  return row;
}

export async function deleteLane(tx: Tx, fromWarehouseId: number, toWarehouseId: number): Promise<boolean> {
  return (await tx.query(`DELETE FROM transit_lane WHERE from_warehouse_id = $1 AND to_warehouse_id = $2 RETURNING id`, [fromWarehouseId, toWarehouseId])).length > 0;
}

export const allLanes = (sql: Sql) => sql.query<LaneRow>(`SELECT ${LANE} FROM transit_lane ORDER BY from_warehouse_id, to_warehouse_id`);

/** Transit days from each warehouse with a lane to `toWarehouseId`. */
export async function transitDaysTo(tx: Tx, toWarehouseId: number): Promise<Map<number, number>> {
  const rows = await tx.query<{ from: number; days: number }>(`SELECT from_warehouse_id AS "from", transit_days AS days FROM transit_lane WHERE to_warehouse_id = $1`, [toWarehouseId]);
  return new Map(rows.map((r) => [r.from, r.days]));
}
