import type { Principal } from "../../auth/principal";
import { assertVisible } from "../../auth/warehouse-scope";
import type { Database } from "../../db/database";
import { runCommand } from "../idempotency/command";
import { badInput, DomainError, notFound } from "../shared/domain-error";
import * as refs from "../stock/stock-refs";
import type { Tx } from "../../db/transaction";
import type { WorkOrderService } from "../work-orders/work-order.service";

/** Suggestions one bulk release may name. */
const MAX_BULK_RELEASE = 500;

interface Claimed {
  id: number;
  materialCode: string;
  warehouseCode: string;
  quantity: string;
  dueDate: Date;
}

/**
 * Turns MRP suggestions into commitments: a purchase suggestion into a purchase order (a scheduled
 * receipt the next run counts), a planned order into a work order (which reserves its components).
 * Only suggestions of the current plan can be released, each once.
 */
export class ReleaseService {
  constructor(
    private readonly db: Database,
    private readonly workOrders: WorkOrderService,
    private readonly ttlHours: number,
  ) {}

  releasePurchaseSuggestion(id: number, principal: Principal, key?: string | null) {
    return runCommand(this.db, { principal, operation: "releasePurchaseSuggestion", idempotencyKey: key, payload: { id }, ttlHours: this.ttlHours }, (tx) =>
      releaseToPurchaseOrder(tx, id, principal),
    );
  }

  /**
   * Releases many purchase suggestions in one transaction: all or none (one that cannot be released
   * refuses the lot). They are claimed in id order, so overlapping bulk releases cannot deadlock.
   */
  releasePurchaseSuggestions(ids: readonly number[], principal: Principal, key?: string | null) {
    if (ids.length === 0) throw badInput("give at least one suggestion", { field: "ids" });
    if (ids.length > MAX_BULK_RELEASE) throw new DomainError("LIMIT_EXCEEDED", `at most ${MAX_BULK_RELEASE} suggestions at once`, { field: "ids", max: MAX_BULK_RELEASE });
    if (new Set(ids).size !== ids.length) throw badInput("each suggestion may be named once", { field: "ids" });
    return runCommand(this.db, { principal, operation: "releasePurchaseSuggestions", idempotencyKey: key, payload: { ids }, ttlHours: this.ttlHours }, async (tx) => {
      const released = new Map<number, { suggestionId: number; purchaseOrderId: number; number: string }>();
      for (const id of [...ids].sort((a, b) => a - b)) released.set(id, { suggestionId: id, ...(await releaseToPurchaseOrder(tx, id, principal)) });
      return { orders: ids.map((id) => released.get(id)!) };
    });
  }

  /**
   * Claims the planned order (SUGGESTED → RELEASED) first, then creates the work order in its own
   * transaction; if that fails the claim is undone. The claim stops a second release, and the work order
   * command is idempotent per planned order, so a retry after a crash between the two cannot create two.
   */
  async releasePlannedOrder(id: number, principal: Principal, key?: string | null) {
    const order = await runCommand(this.db, { principal, operation: "claimPlannedOrder", idempotencyKey: key, payload: { id }, ttlHours: this.ttlHours }, (tx) =>
      claim(tx, "planned_order", id, principal),
    );
    try {
      const wo = await this.workOrders.create(
        { materialCode: order.materialCode, warehouseCode: order.warehouseCode, quantity: order.quantity, dueDate: order.dueDate },
        principal,
        `planned-order:${id}`,
      );
      await this.db.sql.query(`UPDATE work_order SET planned_order_id = $1 WHERE id = $2`, [id, wo.workOrderId]);
      return { workOrderId: wo.workOrderId };
    } catch (err) {
      await this.db.sql.query(`UPDATE planned_order SET status = 'SUGGESTED' WHERE id = $1 AND status = 'RELEASED'`, [id]);
      throw err;
    }
  }
}

/** Claims a purchase suggestion of the current plan and creates its purchase order (a scheduled receipt). */
async function releaseToPurchaseOrder(tx: Tx, id: number, principal: Principal) {
  const s = await claim(tx, "purchase_suggestion", id, principal);
  const [po] = await tx.query<{ id: number; number: string }>(
    `INSERT INTO purchase_order (id, number, material_id, warehouse_id, quantity, due_date, supplier_code, purchase_suggestion_id, created_by)
     SELECT n, 'PO-' || lpad(n::text, 6, '0'), material_id, warehouse_id, quantity, due_date, supplier_code, id, $2
       FROM purchase_suggestion, nextval('purchase_order_id_seq') AS n WHERE id = $1 RETURNING id, number`,
    [s.id, principal.id],
  );
  return { purchaseOrderId: po.id, number: po.number };
}

async function claim(tx: Tx, table: "planned_order" | "purchase_suggestion", id: number, principal: Principal): Promise<Claimed> {
  const [row] = await tx.query<Claimed & { status: string; isCurrent: boolean }>(
    `SELECT s.id, s.status, r.is_current AS "isCurrent", m.code AS "materialCode", w.code AS "warehouseCode",
            s.quantity::text AS quantity, s.due_date AS "dueDate"
       FROM ${table} s JOIN mrp_run r ON r.id = s.mrp_run_id JOIN material m ON m.id = s.material_id JOIN warehouse w ON w.id = s.warehouse_id
      WHERE s.id = $1 FOR UPDATE OF s`,
    [id],
  );
  if (!row) throw notFound(table === "planned_order" ? "PlannedOrder" : "PurchaseSuggestion", id);
  assertVisible(principal, row.warehouseCode, table === "planned_order" ? "PlannedOrder" : "PurchaseSuggestion", id);
  if (!row.isCurrent) throw new DomainError("INVALID_STATE", "only suggestions of the current plan can be released; run MRP again");
  if (row.status !== "SUGGESTED") throw await notSuggested(tx, table, id, row.status);
  await tx.query(`UPDATE ${table} SET status = 'RELEASED' WHERE id = $1`, [id]);
  return row;
}

/** The refusal of a second release names the order the first one made, so the caller can go on with it. */
async function notSuggested(tx: Tx, table: "planned_order" | "purchase_suggestion", id: number, status: string): Promise<DomainError> {
  const [made] =
    status === "RELEASED"
      ? table === "purchase_suggestion"
        ? await tx.query<{ id: number; number: string }>(`SELECT id, number FROM purchase_order WHERE purchase_suggestion_id = $1`, [id])
        : await tx.query<{ id: number; number: string }>(`SELECT id, number FROM work_order WHERE planned_order_id = $1`, [id])
      : [];
  if (!made) return new DomainError("INVALID_STATE", `already ${status.toLowerCase()}`, { status });
  const [kind, prefix] = table === "purchase_suggestion" ? ["purchase order", "purchaseOrder"] : ["work order", "workOrder"];
  return new DomainError("INVALID_STATE", `already released as ${kind} ${made.number}`, { status, [`${prefix}Id`]: String(made.id), [`${prefix}Number`]: made.number });
}
