import type { MrpPlan, PlannedSupply } from "../mrp";
import type { Tx } from "../stock/transaction";

/** A peg as the graph serves it. */
export interface PegView {
  mpsLineId: number | null;
  pseudoDemand: string | null;
  quantity: string;
}

/** A peg as stored on its supply: [MPS line id or pseudo-demand, quantity] (compact: runs write 100k+). */
export type StoredPeg = [number | string, string];

export const pegView = ([demand, quantity]: StoredPeg): PegView =>
  typeof demand === "number" ? { mpsLineId: demand, pseudoDemand: null, quantity } : { mpsLineId: null, pseudoDemand: demand, quantity };

type Write = (tx: Tx, runId: number, warehouseId: number) => Promise<void>;

/**
 * The writes that store a plan's supplies (with their pegs) and exceptions for a run: independent of
 * each other, one bulk statement each (arrays through unnest), whatever the plan's size. Planning
 * exceptions go to the inbox without an `exception.raised` event each: a run can raise thousands, and
 * its completion event carries the count.
 */
export function persistPlan(plan: MrpPlan): Write[] {
  return [
    (tx, runId, warehouseId) => insertSupplies(tx, "planned_order", "release_date", runId, warehouseId, plan.plannedOrders),
    (tx, runId, warehouseId) => insertSupplies(tx, "purchase_suggestion", "order_date", runId, warehouseId, plan.purchaseSuggestions),
    (tx, runId, warehouseId) => insertExceptions(tx, runId, warehouseId, plan.exceptions),
  ];
}

async function insertExceptions(tx: Tx, runId: number, warehouseId: number, ex: MrpPlan["exceptions"]) {
  if (ex.length === 0) return;
  await tx.query(
    `INSERT INTO exception (type, severity, message, details, material_id, warehouse_id, mrp_run_id)
     SELECT u.t::"ExceptionType", u.s::"Severity", u.m, d.details, u.mat, $1, $2
       FROM unnest($3::text[], $4::text[], $5::text[], $6::int[]) WITH ORDINALITY AS u(t, s, m, mat, i)
       JOIN jsonb_array_elements($7::jsonb) WITH ORDINALITY AS d(details, i) ON d.i = u.i`,
    [warehouseId, runId, ex.map((e) => e.type), ex.map((e) => e.severity), ex.map((e) => e.message), ex.map((e) => e.materialId), JSON.stringify(ex.map((e) => e.details))],
  );
}

/**
 * JSON values (pegs here, details of exceptions) travel as ONE JSON document matched to the rows by
 * position: a jsonb[] parameter would need every element quoted inside an array literal, which measured
 * several times slower.
 */
async function insertSupplies(tx: Tx, table: string, releaseColumn: string, runId: number, warehouseId: number, supplies: PlannedSupply[]) {
  if (supplies.length === 0) return;
  await tx.query(
    `INSERT INTO ${table} (mrp_run_id, material_id, warehouse_id, quantity, ${releaseColumn}, due_date, pegs)
     SELECT $1, u.m, $2, u.q, u.r::timestamp AT TIME ZONE 'UTC', u.d::timestamp AT TIME ZONE 'UTC', p.pegs
       FROM unnest($3::int[], $4::numeric[], $5::date[], $6::date[]) WITH ORDINALITY AS u(m, q, r, d, i)
       JOIN jsonb_array_elements($7::jsonb) WITH ORDINALITY AS p(pegs, i) ON p.i = u.i`,
    [
      runId,
      warehouseId,
      supplies.map((s) => s.materialId),
      supplies.map((s) => s.quantity),
      supplies.map((s) => s.releaseDate),
      supplies.map((s) => s.dueDate),
      JSON.stringify(supplies.map((s) => s.pegs.map((p): StoredPeg => [p.demandId, p.quantity]))),
    ],
  );
}
