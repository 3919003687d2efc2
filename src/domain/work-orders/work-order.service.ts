import type { Principal } from "../../auth/principal";
import { routingOf } from "../routings";
import { badInput } from "../shared/domain-error";
import { Decimal } from "../shared/quantity";
import { postMovement } from "../stock/balances";
import type { StockService } from "../stock/stock.service";
import * as refs from "../stock/stock-refs";
import type { Tx } from "../../db/transaction";
import { namedIn, optionalNamedIn, orderArg, type Named, type Ref } from "../shared/ref";
import type { NewLedgerEntry } from "../stock/ledger-writer";
import { componentLimit, consume, type Posting } from "./consumption";
import { backflushQuantity, componentRequirements, type ComponentLine } from "./requirements";
import { applyReservation, planReservation, releaseReservations } from "./reservation";
import { assertMayComplete, assertMayStart, assertWithinCompletionLimit, backflushTake, type OperationState } from "./operation-rules";
import { recordShortage } from "./shortage";
import { assertStatus, lockWorkOrder, type LockedWorkOrder } from "./work-order-lock";
import type { Sql } from "../../db/database";
import type { OrderFilter } from "../shared/order-page";
import * as q from "./work-order.queries";
import { resolveOpenOfWorkOrder } from "../exceptions";

export interface OperationInput { sequence: number; name: string; workCenter?: string | null; allowOverlap?: boolean | null; setupMinutes?: string; runMinutesPerUnit?: string }
export type CreateWorkOrderInput = Named<"material"> & Named<"warehouse"> & { quantity: string; dueDate?: Date | null; operations?: OperationInput[] | null };
/** the order: `id` or `number` */
export type CompleteOperationInput = { id?: string | number | null; number?: string | null } & Named<"location"> & {
  sequence: number; goodQuantity: string; scrapQuantity?: string | null;
};

export interface WorkOrderResult { workOrderId: number; entryIds: string[] }

const DEFAULT_OPERATIONS: OperationInput[] = [{ sequence: 10, name: "Assembly" }];

/** Work orders: reservation at creation (all or nothing), issues, operations with backflush, close/cancel. */
export class WorkOrderService {
  constructor(
    private readonly stock: StockService,
    private readonly sql: Sql,
  ) {}

  /** The work order named by id or number, if any. */
  byRef(ref: Ref) {
    return q.workOrderBy(this.sql, ref);
  }

  /** A page of work orders, in id order. */
  find(filter: OrderFilter, afterId: number, limit: number) {
    return q.findWorkOrders(this.sql, filter, afterId, limit);
  }

  openShortageOf(workOrderId: number) {
    return q.openShortageOf(this.sql, workOrderId);
  }

  create(input: CreateWorkOrderInput, principal: Principal, key?: string | null) {
    return this.stock.run(principal, "createWorkOrder", key, input, async (tx): Promise<WorkOrderResult> => {
      const m = await refs.material(tx, namedIn("Material", input, "material"));
      const w = await refs.warehouse(tx, namedIn("Warehouse", input, "warehouse"), principal, "warehouse");
      const quantity = refs.quantityOf(m, input.quantity);
      // the product's routing unless the order names its operations
      const routing = input.operations ? [] : await routingOf(tx, m.id);
      const copied = routing.map((r): OperationInput => ({ ...r, workCenter: r.workCenterCode }));
      const operations = validOperations(input.operations ?? (copied.length ? copied : DEFAULT_OPERATIONS));
      const lines = await componentLines(tx, m.id);
      if (lines.length === 0) throw badInput(`${m.code} has no BOM to build it from`, { field: "materialCode" });
      const requirements = componentRequirements(lines, quantity, operations.map((o) => o.sequence));
      // Lock and allocate first, then write the order as it turned out: shorter lock holding, no rewrites.
      const plan = await planReservation(tx, w.id, requirements.map((r) => ({ ...r, quantity: r.required })));
      const short = new Map(plan.shortages.map((x) => [x.materialId, x.short.toFixed(6)]));
      const ok = plan.shortages.length === 0;
      const [wo] = await tx.query<{ id: number; number: string }>(
        `WITH o AS (INSERT INTO work_order (id, number, material_id, warehouse_id, quantity, due_date, created_by, status)
                    SELECT n, 'WO-' || lpad(n::text, 6, '0'), $1, $2, $3::numeric, $4::timestamptz AT TIME ZONE 'UTC', $5, $6::"WorkOrderStatus"
                      FROM nextval('work_order_id_seq') AS n RETURNING id, number),
              ops AS (INSERT INTO work_order_operation (work_order_id, sequence, name, work_center, allow_overlap, setup_minutes, run_minutes_per_unit)
                      SELECT o.id, s, n, c, ov, su, ru FROM o, unnest($7::int[], $8::text[], $9::text[], $15::boolean[], $16::numeric[], $17::numeric[]) AS u(s, n, c, ov, su, ru))
         INSERT INTO work_order_material (work_order_id, material_id, operation_seq, required, reserved, short_quantity)
         SELECT o.id, m, s, q, r, sq FROM o, unnest($10::int[], $11::int[], $12::numeric[], $13::numeric[], $14::numeric[]) AS u(m, s, q, r, sq)
         RETURNING (SELECT id FROM o), (SELECT number FROM o)`,
        [
          m.id, w.id, quantity.toFixed(6), input.dueDate?.toISOString() ?? null, principal.id, ok ? "RELEASED" : "SHORT",
          operations.map((o) => o.sequence), operations.map((o) => o.name), operations.map((o) => o.workCenter ?? null),
          requirements.map((r) => r.materialId), requirements.map((r) => r.operationSeq), requirements.map((r) => r.required.toFixed(6)),
          requirements.map((r) => (ok ? r.required.toFixed(6) : "0")), requirements.map((r) => short.get(r.materialId) ?? "0"),
          operations.map((o) => o.allowOverlap ?? false), operations.map((o) => o.setupMinutes ?? "0"), operations.map((o) => o.runMinutesPerUnit ?? "0"),
        ],
      );
      const order = { ...wo, materialId: m.id, warehouseId: w.id };
      if (ok) await applyReservation(tx, wo.id, w.id, plan.takes);
      else await recordShortage(tx, order, plan.shortages);
      return { workOrderId: wo.id, entryIds: [] };
    });
  }

  /** Tries again to reserve a SHORT order's components (all or nothing). */
  reserve(ref: Ref, principal: Principal, key?: string | null) {
    return this.stock.run(principal, "reserveWorkOrder", key, ref, async (tx): Promise<WorkOrderResult> => {
      const wo = await lockWorkOrder(tx, ref, principal);
      assertStatus(wo, ["SHORT"], "reserve");
      const needs = await tx.query<{ materialId: number; code: string; open: string; hasSafetyStock: boolean }>(
        `SELECT x.material_id AS "materialId", m.code, (x.required - x.reserved - x.issued)::text AS open, m.safety_stock > 0 AS "hasSafetyStock"
           FROM work_order_material x JOIN material m ON m.id = x.material_id WHERE x.work_order_id = $1 ORDER BY x.id`,
        [wo.id],
      );
      const plan = await planReservation(tx, wo.warehouseId, needs.map((n) => ({ ...n, quantity: new Decimal(n.open) })));
      if (plan.shortages.length > 0) {
        await tx.query(
          `UPDATE work_order_material x SET short_quantity = COALESCE(d.q, 0)
             FROM work_order_material y LEFT JOIN unnest($2::int[], $3::numeric[]) AS d(material_id, q) ON d.material_id = y.material_id
            WHERE x.id = y.id AND x.work_order_id = $1`,
          [wo.id, plan.shortages.map((s) => s.materialId), plan.shortages.map((s) => s.short.toFixed(6))],
        );
        await recordShortage(tx, wo, plan.shortages);
      } else {
        await applyReservation(tx, wo.id, wo.warehouseId, plan.takes);
        await tx.query(`UPDATE work_order_material SET reserved = required - issued, short_quantity = 0 WHERE work_order_id = $1`, [wo.id]);
        await tx.query(`UPDATE work_order SET status = 'RELEASED', updated_at = now() WHERE id = $1`, [wo.id]);
        await resolveOpenOfWorkOrder(tx, wo.id);
      }
      return { workOrderId: wo.id, entryIds: [] };
    });
  }

  startOperation(ref: Ref, sequence: number, principal: Principal, key?: string | null) {
    return this.stock.run(principal, "startOperation", key, { ...ref, sequence }, async (tx): Promise<WorkOrderResult> => {
      const wo = await lockWorkOrder(tx, ref, principal);
      assertStatus(wo, ["RELEASED", "IN_PROGRESS"], "start an operation of");
      const op = await operation(tx, wo, sequence);
      assertMayStart(op);
      await tx.query(`UPDATE work_order_operation SET status = 'STARTED', started_at = now() WHERE id = $1`, [op.id]);
      await tx.query(`UPDATE work_order SET status = 'IN_PROGRESS', updated_at = now() WHERE id = $1`, [wo.id]);
      return { workOrderId: wo.id, entryIds: [] };
    });
  }

  /**
   * Completes a started operation (after the previous one) with good and scrap quantities, at most what
   * reached it (OVER_COMPLETION_TOLERANCE_PCT above the order's quantity at the first one): backflushes the
   * components linked to it in proportion to what was made (good + scrap; counting what was issued by
   * hand), and on the last operation receives the good quantity into stock — into a lot named after the
   * order when lot-tracked.
   */
  completeOperation(input: CompleteOperationInput, principal: Principal, key?: string | null) {
    return this.stock.run(principal, "completeOperation", key, input, async (tx): Promise<WorkOrderResult> => {
      const wo = await lockWorkOrder(tx, orderArg("WorkOrder", input.id, input.number), principal);
      assertStatus(wo, ["RELEASED", "IN_PROGRESS"], "complete an operation of");
      const op = await operation(tx, wo, input.sequence);
      assertMayComplete(op);
      const product = await refs.material(tx, { code: wo.materialCode });
      const good = refs.quantityOf(product, input.goodQuantity, { field: "goodQuantity", allowZero: true });
      const scrap = refs.quantityOf(product, input.scrapQuantity ?? "0", { field: "scrapQuantity", allowZero: true });
      const done = good.plus(scrap);
      if (done.isZero()) throw badInput("goodQuantity + scrapQuantity must be more than zero", { field: "goodQuantity" });
      assertWithinCompletionLimit(op, done, new Decimal(wo.quantity), this.stock.policy.overCompletionTolerancePct);

      const posting: Posting = { entries: [], reservedChanges: [] };
      const components = await tx.query<{ materialId: number; code: string; required: string; precision: number }>(
        `SELECT x.material_id AS "materialId", m.code, x.required::text AS required, u.precision
           FROM work_order_material x JOIN material m ON m.id = x.material_id JOIN unit_of_measure u ON u.code = m.uom_code
          WHERE x.work_order_id = $1 AND x.operation_seq = $2 ORDER BY x.material_id`,
        [wo.id, input.sequence],
      );
      for (const c of components) {
        const { allowed, issued } = await componentLimit(tx, wo, { id: c.materialId, code: c.code }, this.stock.policy.overIssueTolerancePct);
        const target = backflushQuantity(new Decimal(c.required), done, new Decimal(wo.quantity), c.precision);
        const quantity = backflushTake(target, allowed, issued).toDecimalPlaces(c.precision, Decimal.ROUND_DOWN);
        if (quantity.lte(0)) continue;
        const p = await consume(tx, wo, { material: { id: c.materialId, code: c.code }, quantity, type: "BACKFLUSH" });
        posting.entries.push(...p.entries);
        posting.reservedChanges.push(...p.reservedChanges);
      }
      await tx.query(
        `UPDATE work_order_operation SET status = 'COMPLETED', good_quantity = $2::numeric, scrap_quantity = $3::numeric, completed_at = now()
          WHERE id = $1`,
        [op.id, good.toFixed(6), scrap.toFixed(6)],
      );
      const isLast = op.sequence === op.lastSequence;
      if (isLast && good.gt(0)) posting.entries.push(await this.productReceipt(tx, wo, product, good, optionalNamedIn("Location", input, "location"), principal));
      await tx.query(
        `UPDATE work_order SET status = $2::"WorkOrderStatus", scrapped_quantity = scrapped_quantity + $3::numeric,
                completed_quantity = completed_quantity + $4::numeric, updated_at = now() WHERE id = $1`,
        [wo.id, isLast ? "COMPLETED" : "IN_PROGRESS", scrap.toFixed(6), isLast ? good.toFixed(6) : "0"],
      );
      // Last: the ledger append holds the chain lock until commit.
      return { workOrderId: wo.id, entryIds: await postMovement(tx, posting.entries, principal.id, posting.reservedChanges) };
    });
  }

  /** The finished goods' receipt: into a lot named after the order (its producer) when lot-tracked. */
  private async productReceipt(tx: Tx, wo: LockedWorkOrder, product: refs.MaterialRef, good: Decimal, at: Ref | undefined, principal: Principal): Promise<NewLedgerEntry> {
    const w = await refs.warehouse(tx, { code: wo.warehouseCode }, principal, "warehouse");
    const loc = at ? await refs.location(tx, w, at) : await refs.defaultLocation(tx, w, "PRODUCTION");
    const lot = product.lotTracked ? await refs.lotForReceipt(tx, product, wo.number, null, wo.id) : null;
    return { type: "PRODUCTION_RECEIPT", materialId: product.id, warehouseId: w.id, locationId: loc.id, lotId: lot?.id ?? null, quantity: good, workOrderId: wo.id };
  }

  close(ref: Ref, principal: Principal, key?: string | null) {
    return this.finish(ref, principal, key, "closeWorkOrder", ["COMPLETED", "IN_PROGRESS"], "CLOSED");
  }

  cancel(ref: Ref, principal: Principal, key?: string | null) {
    return this.finish(ref, principal, key, "cancelWorkOrder", ["RELEASED", "SHORT", "IN_PROGRESS"], "CANCELLED");
  }

  /** Close or cancel: releases what is still reserved and resolves the order's open exceptions. */
  private finish(ref: Ref, principal: Principal, key: string | null | undefined, operation: string, from: string[], to: "CLOSED" | "CANCELLED") {
    return this.stock.run(principal, operation, key, ref, async (tx): Promise<WorkOrderResult> => {
      const wo = await lockWorkOrder(tx, ref, principal);
      assertStatus(wo, from, to === "CLOSED" ? "close" : "cancel");
      await releaseReservations(tx, wo.id);
      await tx.query(`UPDATE work_order SET status = $2::"WorkOrderStatus", updated_at = now() WHERE id = $1`, [wo.id, to]);
      await resolveOpenOfWorkOrder(tx, wo.id);
      return { workOrderId: wo.id, entryIds: [] };
    });
  }
}

function validOperations(ops: OperationInput[]): OperationInput[] {
  if (ops.length === 0) throw badInput("a work order needs at least one operation", { field: "operations" });
  const seqs = new Set<number>();
  for (const o of ops) {
    if (!Number.isInteger(o.sequence) || o.sequence <= 0 || seqs.has(o.sequence)) {
      throw badInput("operation sequences must be distinct positive whole numbers", { field: "operations" });
    }
    if (!o.name.trim()) throw badInput("an operation needs a name", { field: "operations" });
    seqs.add(o.sequence);
  }
  return [...ops].sort((a, b) => a.sequence - b.sequence);
}

async function componentLines(tx: Tx, materialId: number): Promise<ComponentLine[]> {
  const rows = await tx.query<Omit<ComponentLine, "parentId" | "quantityPer" | "scrapPct" | "baseQuantity"> & { quantityPer: string; scrapPct: string; baseQuantity: string }>(
    `SELECT l.component_id AS "componentId", c.code AS "componentCode", l.quantity_per::text AS "quantityPer", l.scrap_pct::text AS "scrapPct",
            b.base_quantity::text AS "baseQuantity", l.operation_seq AS "operationSeq", u.precision, c.safety_stock > 0 AS "hasSafetyStock"
       FROM bom b JOIN bom_line l ON l.bom_id = b.id JOIN material c ON c.id = l.component_id JOIN unit_of_measure u ON u.code = c.uom_code
      WHERE b.material_id = $1 AND (l.valid_from IS NULL OR l.valid_from <= now()) AND (l.valid_to IS NULL OR l.valid_to > now())
      ORDER BY l.position`,
    [materialId],
  );
  return rows.map((r) => ({
    ...r, parentId: materialId, quantityPer: new Decimal(r.quantityPer), scrapPct: new Decimal(r.scrapPct), baseQuantity: new Decimal(r.baseQuantity),
  }));
}

/** An operation of a locked order with the one before it in sequence. */
async function operation(tx: Tx, wo: LockedWorkOrder, sequence: number): Promise<OperationState> {
  const [op] = await tx.query<Omit<OperationState, "previous"> & { previousSequence: number | null; previousStatus: string | null; previousGood: string | null }>(
    `SELECT o.id, o.sequence, o.status::text AS status, o.allow_overlap AS "allowOverlap", o.blocked_by_failure_id AS "blockedByFailureId",
            (SELECT max(sequence) FROM work_order_operation WHERE work_order_id = $1) AS "lastSequence",
            p.sequence AS "previousSequence", p.status::text AS "previousStatus", p.good_quantity::text AS "previousGood"
       FROM work_order_operation o
       LEFT JOIN LATERAL (SELECT sequence, status, good_quantity FROM work_order_operation
                           WHERE work_order_id = $1 AND sequence < o.sequence ORDER BY sequence DESC LIMIT 1) p ON true
      WHERE o.work_order_id = $1 AND o.sequence = $2`,
    [wo.id, sequence],
  );
  if (!op) throw badInput(`work order ${wo.number} has no operation ${sequence}`, { field: "sequence" });
  const { previousSequence, previousStatus, previousGood, ...rest } = op;
  return { ...rest, previous: previousSequence === null ? null : { sequence: previousSequence, status: previousStatus!, goodQuantity: new Decimal(previousGood!) } };
}
