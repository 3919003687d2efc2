import type { Principal } from "../../auth/principal";
import { assertMayUse, assertVisible } from "../../auth/warehouse-scope";
import type { Database } from "../../db/database";
import type { Tx } from "../../db/transaction";
import { runCommand } from "../idempotency/command";
import { insertPurchaseOrderOfSuggestion, purchaseOrderOfSuggestion } from "../purchasing/purchase-order.queries";
import { badInput, DomainError, notFound } from "../shared/domain-error";
import { Decimal } from "../shared/quantity";
import { orderTransfer } from "../stock";
import { linkPlannedOrder, workOrderOfPlannedOrder } from "../work-orders/work-order.queries";
import type { WorkOrderService } from "../work-orders/work-order.service";
import { lockPlannedTransfer, markTransferReleased } from "./planned-transfer.store";
import * as store from "./planning.store";
import type { SupplyKind } from "./planning.types";

/** Suggestions one bulk release may name. */
const MAX_BULK_RELEASE = 500;

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
   * Turns a planned transfer of the current plan into a transfer order (OPEN, through the stock area's
   * transfer path, as the shortage policy orders them): a scheduled receipt at the destination the next run
   * counts. The caller needs both warehouses: the destination's transfer is NOT_FOUND out of scope, the
   * source out of scope is FORBIDDEN.
   */
  releasePlannedTransfer(id: number, principal: Principal, key?: string | null) {
    return runCommand(this.db, { principal, operation: "releasePlannedTransfer", idempotencyKey: key, payload: { id }, ttlHours: this.ttlHours }, async (tx) => {
      const t = await lockPlannedTransfer(tx, id);
      if (!t) throw notFound("PlannedTransfer", id);
      assertVisible(principal, t.toCode, "PlannedTransfer", id);
      assertMayUse(principal, t.fromCode);
      if (!t.isCurrent) throw new DomainError("INVALID_STATE", "only transfers of the current plan can be released; run MRP again");
      if (t.status !== "SUGGESTED") {
        const details = t.transferOrderId === null ? { status: t.status } : { status: t.status, transferOrderId: String(t.transferOrderId) };
        throw new DomainError("INVALID_STATE", `already ${t.status.toLowerCase()}`, details);
      }
      const order = await orderTransfer(tx, {
        materialId: t.materialId, fromWarehouseId: t.fromWarehouseId, toWarehouseId: t.toWarehouseId, quantity: new Decimal(t.quantity),
        reason: `MRP planned transfer ${id}`, dueDate: t.dueDate, createdBy: principal.id,
      });
      await markTransferReleased(tx, id, order.id);
      return { transferOrderId: order.id, number: order.number };
    });
  }

  /**
   * Claims the planned order (SUGGESTED → RELEASED) first, then creates the work order in its own
   * transaction; if that fails the claim is undone. The claim stops a second release, and the work order
   * command is idempotent per planned order, so a retry after a crash between the two cannot create two.
   */
  async releasePlannedOrder(id: number, principal: Principal, key?: string | null) {
    const order = await runCommand(this.db, { principal, operation: "claimPlannedOrder", idempotencyKey: key, payload: { id }, ttlHours: this.ttlHours }, (tx) =>
      claim(tx, "PLANNED_ORDER", id, principal),
    );
    try {
      const wo = await this.workOrders.create(
        { materialCode: order.materialCode, warehouseCode: order.warehouseCode, quantity: order.quantity, dueDate: order.dueDate },
        principal,
        `planned-order:${id}`,
      );
      await linkPlannedOrder(this.db.sql, wo.workOrderId, id);
      return { workOrderId: wo.workOrderId };
    } catch (err) {
      await store.unclaimPlannedOrder(this.db.sql, id);
      throw err;
    }
  }
}

/** Claims a purchase suggestion of the current plan and creates its purchase order (a scheduled receipt). */
export async function releaseToPurchaseOrder(tx: Tx, id: number, principal: Principal) {
  const s = await claim(tx, "PURCHASE_SUGGESTION", id, principal);
  const po = await insertPurchaseOrderOfSuggestion(tx, s, principal.id);
  return { purchaseOrderId: po.id, number: po.number };
}

const ENTITY = { PLANNED_ORDER: "PlannedOrder", PURCHASE_SUGGESTION: "PurchaseSuggestion" } as const;

async function claim(tx: Tx, kind: SupplyKind, id: number, principal: Principal): Promise<store.ClaimedSupply> {
  const row = await store.lockSupply(tx, kind, id);
  if (!row) throw notFound(ENTITY[kind], id);
  assertVisible(principal, row.warehouseCode, ENTITY[kind], id);
  if (!row.isCurrent) throw new DomainError("INVALID_STATE", "only suggestions of the current plan can be released; run MRP again");
  if (row.status !== "SUGGESTED") throw await notSuggested(tx, kind, id, row.status);
  await store.markReleased(tx, kind, id);
  return row;
}

/** The refusal of a second release names the order the first one made, so the caller can go on with it. */
async function notSuggested(tx: Tx, kind: SupplyKind, id: number, status: string): Promise<DomainError> {
  const made = status !== "RELEASED" ? undefined : kind === "PURCHASE_SUGGESTION" ? await purchaseOrderOfSuggestion(tx, id) : await workOrderOfPlannedOrder(tx, id);
  if (!made) return new DomainError("INVALID_STATE", `already ${status.toLowerCase()}`, { status });
  const [what, prefix] = kind === "PURCHASE_SUGGESTION" ? ["purchase order", "purchaseOrder"] : ["work order", "workOrder"];
  return new DomainError("INVALID_STATE", `already released as ${what} ${made.number}`, { status, [`${prefix}Id`]: String(made.id), [`${prefix}Number`]: made.number });
}
