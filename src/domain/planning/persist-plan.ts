import type { MrpPlan, PlannedSupply } from "../mrp";
import type { Tx } from "../stock/transaction";

/**
 * Writes a plan's supplies, pegs and exceptions for run `runId` with a handful of bulk statements
 * (arrays through unnest), whatever the plan's size. Ids are drawn from the sequences first so that pegs
 * can point at their supplies without a round trip per row.
 */
export async function persistPlan(tx: Tx, runId: number, warehouseId: number, plan: MrpPlan): Promise<void> {
  const orderIds = await insertSupplies(tx, "planned_order", "release_date", runId, warehouseId, plan.plannedOrders);
  const suggestionIds = await insertSupplies(tx, "purchase_suggestion", "order_date", runId, warehouseId, plan.purchaseSuggestions);

  const kinds: string[] = [], supplyIds: number[] = [], mpsLines: (number | null)[] = [], pseudo: (string | null)[] = [], quantities: string[] = [];
  const collect = (supplies: PlannedSupply[], ids: number[], kind: string) =>
    supplies.forEach((s, i) => {
      for (const peg of s.pegs) {
        kinds.push(kind);
        supplyIds.push(ids[i]);
        mpsLines.push(typeof peg.demandId === "number" ? peg.demandId : null);
        pseudo.push(typeof peg.demandId === "number" ? null : peg.demandId);
        quantities.push(peg.quantity);
      }
    });
  collect(plan.plannedOrders, orderIds, "PLANNED_ORDER");
  collect(plan.purchaseSuggestions, suggestionIds, "PURCHASE_SUGGESTION");
  if (kinds.length) {
    await tx.query(
      `INSERT INTO pegging (mrp_run_id, supply_kind, supply_id, mps_line_id, pseudo_demand, quantity)
       SELECT $1, k::"SupplyKind", s, d, p, q FROM unnest($2::text[], $3::int[], $4::int[], $5::text[], $6::numeric[]) AS u(k, s, d, p, q)`,
      [runId, kinds, supplyIds, mpsLines, pseudo, quantities],
    );
  }

  if (plan.exceptions.length) {
    const ex = plan.exceptions;
    await tx.query(
      `WITH inserted AS (
         INSERT INTO exception (type, severity, message, details, material_id, warehouse_id, mrp_run_id)
         SELECT t::"ExceptionType", s::"Severity", m, d, mat, $1, $2
           FROM unnest($3::text[], $4::text[], $5::text[], $6::jsonb[], $7::int[]) AS u(t, s, m, d, mat)
         RETURNING id, type, severity, message, material_id, warehouse_id)
       INSERT INTO event (topic, payload)
       SELECT 'exception.raised', jsonb_build_object('exceptionId', id, 'type', type, 'severity', severity, 'message', message,
              'materialId', material_id, 'warehouseId', warehouse_id, 'workOrderId', NULL)
         FROM inserted ORDER BY id`,
      [warehouseId, runId, ex.map((e) => e.type), ex.map((e) => e.severity), ex.map((e) => e.message), ex.map((e) => JSON.stringify(e.details)), ex.map((e) => e.materialId)],
    );
  }
}

async function insertSupplies(tx: Tx, table: string, releaseColumn: string, runId: number, warehouseId: number, supplies: PlannedSupply[]): Promise<number[]> {
  if (supplies.length === 0) return [];
  const ids = (await tx.query<{ id: number }>(`SELECT nextval('${table}_id_seq')::int AS id FROM generate_series(1, $1::int)`, [supplies.length])).map((r) => r.id);
  await tx.query(
    `INSERT INTO ${table} (id, mrp_run_id, material_id, warehouse_id, quantity, ${releaseColumn}, due_date)
     SELECT i, $1, m, $2, q, r::timestamp AT TIME ZONE 'UTC', d::timestamp AT TIME ZONE 'UTC' FROM unnest($3::int[], $4::int[], $5::numeric[], $6::date[], $7::date[]) AS u(i, m, q, r, d)`,
    [runId, warehouseId, ids, supplies.map((s) => s.materialId), supplies.map((s) => s.quantity), supplies.map((s) => s.releaseDate), supplies.map((s) => s.dueDate)],
  );
  return ids;
}
