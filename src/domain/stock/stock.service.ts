import type { Principal } from "../../auth/principal";
import type { Config } from "../../runtime/config";
import type { Database } from "../../db/database";
import { runCommand } from "../idempotency/command";
import { issueToWorkOrder } from "../work-orders/consumption";
import { badInput } from "../shared/domain-error";
import { postMovement } from "./balances";
import type { MovementResult, NewLedgerEntry } from "./ledger-writer";
import { pickStock } from "./pick-stock";
import { receiveAgainstPurchaseOrder } from "../purchasing/purchase-order-receipt";
import * as refs from "./stock-refs";
import { namedIn, optionalNamedIn, optionalOrderIn, type Named } from "../shared/ref";
import type { Tx } from "../../db/transaction";
import * as q from "./stock.queries";
import { traceBackward, traceForward } from "./genealogy.queries";
import { verifyLedger } from "./ledger-verify";
import type { WarehouseScope } from "../../auth/warehouse-scope";

export type { MovementResult };

type MaterialAt = Named<"material"> & Named<"warehouse">;
export type ReceiptInput = MaterialAt & Named<"location"> & Named<"purchaseOrder", "Number"> & { quantity: string; uom?: string | null; lotCode?: string | null; expiresAt?: Date | null; reasonCode?: string | null; note?: string | null };
export type IssueInput = MaterialAt & Named<"location"> & Named<"workOrder", "Number"> & { quantity: string; uom?: string | null; lotCode?: string | null; reasonCode?: string | null; note?: string | null };
export type MoveInput = MaterialAt & Named<"fromLocation"> & Named<"toLocation"> & { quantity: string; uom?: string | null; lotCode?: string | null; note?: string | null };
export type AdjustInput = MaterialAt & Named<"location"> & { quantity: string; uom?: string | null; lotCode?: string | null; reasonCode: string; note?: string | null };


/** The configuration stock commands follow. */
export type StockPolicy = Pick<Config, "idempotencyTtlHours" | "overIssueTolerancePct" | "overCompletionTolerancePct">;

/** Stock movements: each one transaction that locks what it changes, posts the ledger and the balances. */
export class StockService {
  constructor(
    private readonly db: Database,
    // the defaults of IDEMPOTENCY_TTL_HOURS and the OVER_*_TOLERANCE_PCT, for a composition root without config
    readonly policy: StockPolicy = { idempotencyTtlHours: 72, overIssueTolerancePct: 0, overCompletionTolerancePct: 0 },
  ) {}

  /** A page of the ledger, newest first. */
  ledgerPage(filter: q.LedgerFilter, beforeId: number, limit: number) {
    return q.ledgerPage(this.db.sql, filter, beforeId, limit);
  }

  availabilityOf(materialId: number) {
    return q.availabilityOf(this.db.sql, materialId);
  }

  transferOrderIdByNumber(number: string) {
    return q.transferOrderIdByNumber(this.db.sql, number);
  }

  traceForward(lotId: number, scope: WarehouseScope) {
    return traceForward(this.db.sql, lotId, scope);
  }

  traceBackward(lotId: number, scope: WarehouseScope) {
    return traceBackward(this.db.sql, lotId, scope);
  }

  /** Every balance re-derived from the ledger and reservations, and each work order's reserved quantities. */
  async integrity() {
    const report = await q.stockIntegrity(this.db.sql);
    const workOrderDifferences = await q.workOrderReservationDifferences(this.db.sql);
    return { ok: report.differences.length === 0 && workOrderDifferences.length === 0, ...report, workOrderDifferences };
  }

  verifyLedger() {
    return verifyLedger(this.db.sql);
  }

  /** one command: a transaction, run once per idempotency key */
  run<T extends object>(principal: Principal, operation: string, key: string | null | undefined, payload: unknown, fn: (tx: Tx) => Promise<T>) {
    return runCommand(this.db, { principal, operation, idempotencyKey: key, payload, ttlHours: this.policy.idempotencyTtlHours }, fn);
  }

  receive(input: ReceiptInput, principal: Principal, key?: string | null) {
    return this.run(principal, "receiveStock", key, input, (tx) => this.postReceipt(tx, input, principal));
  }

  async postReceipt(tx: Tx, input: ReceiptInput, principal: Principal): Promise<MovementResult> {
    const { m, w } = await materialAt(tx, input, principal);
    const loc = await refs.location(tx, w, namedIn("Location", input, "location"));
    const quantity = await refs.quantityIn(tx, m, input.quantity, { uom: input.uom });
    refs.assertLotRule(m, input.lotCode);
    const lot = input.lotCode ? await refs.lotForReceipt(tx, m, input.lotCode, input.expiresAt) : null;
    const order = optionalOrderIn("PurchaseOrder", input, "purchaseOrder");
    const purchaseOrderId = order ? await receiveAgainstPurchaseOrder(tx, order, m, w, quantity, principal) : null;
    const entry: NewLedgerEntry = {
      type: "RECEIPT", materialId: m.id, warehouseId: w.id, locationId: loc.id, lotId: lot?.id ?? null, quantity, reasonCode: input.reasonCode, note: input.note, purchaseOrderId,
    };
    return { entryIds: await postMovement(tx, [entry], principal.id) };
  }

  issue(input: IssueInput, principal: Principal, key?: string | null) {
    return this.run(principal, "issueStock", key, input, (tx) => this.postIssue(tx, input, principal));
  }

  async postIssue(tx: Tx, input: IssueInput, principal: Principal): Promise<MovementResult> {
    const { m, w } = await materialAt(tx, input, principal);
    const at = optionalNamedIn("Location", input, "location");
    const loc = at ? await refs.location(tx, w, at) : null;
    const quantity = await refs.quantityIn(tx, m, input.quantity, { uom: input.uom });
    const lot = input.lotCode ? await refs.lotByCode(tx, m, input.lotCode) : null;
    if (lot) refs.assertIssuable(lot);
    const where = { material: m, warehouse: w, locationId: loc?.id ?? null, lotId: lot?.id ?? null };
    const workOrder = optionalOrderIn("WorkOrder", input, "workOrder");
    if (workOrder) {
      return issueToWorkOrder(tx, { ...where, workOrder, quantity, type: "ISSUE", note: input.note, tolerancePct: this.policy.overIssueTolerancePct }, principal);
    }
    const takes = await pickStock(tx, { materialIds: [m.id], warehouseId: w.id, locationId: where.locationId, lotId: where.lotId, source: "free" }, quantity, m.code);
    const entries = takes.map((t): NewLedgerEntry => ({
      type: "ISSUE", materialId: m.id, warehouseId: w.id, locationId: t.candidate.locationId, lotId: t.candidate.lotId,
      quantity: t.quantity.neg(), reasonCode: input.reasonCode, note: input.note,
    }));
    return { entryIds: await postMovement(tx, entries, principal.id) };
  }

  move(input: MoveInput, principal: Principal, key?: string | null) {
    return this.run(principal, "moveStock", key, input, (tx) => this.postMove(tx, input, principal));
  }

  async postMove(tx: Tx, input: MoveInput, principal: Principal): Promise<MovementResult> {
    const { m, w } = await materialAt(tx, input, principal);
    const from = await refs.location(tx, w, namedIn("Location", input, "fromLocation"), "fromLocation");
    const to = await refs.location(tx, w, namedIn("Location", input, "toLocation"), "toLocation");
    if (from.id === to.id) throw badInput("fromLocationCode and toLocationCode are the same", { field: "toLocationCode" });
    const quantity = await refs.quantityIn(tx, m, input.quantity, { uom: input.uom });
    const lot = input.lotCode ? await refs.lotByCode(tx, m, input.lotCode) : null;
    // Quarantined lots may be moved (e.g. into the quarantine cage); only unreserved stock leaves a bin.
    const takes = await pickStock(tx, { materialIds: [m.id], warehouseId: w.id, locationId: from.id, lotId: lot?.id, source: "free", includeBlocked: true }, quantity, m.code);
    const entries = takes.flatMap((t): NewLedgerEntry[] => [
      { type: "MOVE_OUT", materialId: m.id, warehouseId: w.id, locationId: from.id, lotId: t.candidate.lotId, quantity: t.quantity.neg(), note: input.note },
      { type: "MOVE_IN", materialId: m.id, warehouseId: w.id, locationId: to.id, lotId: t.candidate.lotId, quantity: t.quantity, note: input.note },
    ]);
    return { entryIds: await postMovement(tx, entries, principal.id) };
  }

  adjust(input: AdjustInput, principal: Principal, key?: string | null) {
    return this.run(principal, "adjustStock", key, input, (tx) => this.postAdjustment(tx, input, principal, "ADJUSTMENT"));
  }

  /** scrap: a negative adjustment of named stock with a reason */
  scrap(input: AdjustInput, principal: Principal, key?: string | null) {
    return this.run(principal, "scrapStock", key, input, (tx) => this.postAdjustment(tx, input, principal, "SCRAP"));
  }

  private async postAdjustment(tx: Tx, input: AdjustInput, principal: Principal, type: "ADJUSTMENT" | "SCRAP"): Promise<MovementResult> {
    const { m, w } = await materialAt(tx, input, principal);
    const loc = await refs.location(tx, w, namedIn("Location", input, "location"));
    const quantity = await refs.quantityIn(tx, m, input.quantity, { uom: input.uom, allowNegative: type === "ADJUSTMENT" });
    if (!input.reasonCode?.trim()) throw badInput(`${type === "SCRAP" ? "scrap" : "an adjustment"} needs a reasonCode`, { field: "reasonCode" });
    refs.assertLotRule(m, input.lotCode);
    const lot = input.lotCode ? await refs.lotByCode(tx, m, input.lotCode) : null;
    const delta = type === "SCRAP" ? quantity.neg() : quantity;
    const entry: NewLedgerEntry = { type, materialId: m.id, warehouseId: w.id, locationId: loc.id, lotId: lot?.id ?? null, quantity: delta, reasonCode: input.reasonCode.trim(), note: input.note };
    return { entryIds: await postMovement(tx, [entry], principal.id) };
  }
}

/** The material and warehouse a movement names (each by id or code). */
async function materialAt(tx: Tx, input: MaterialAt, principal: Principal) {
  const m = await refs.material(tx, namedIn("Material", input, "material"));
  const w = await refs.warehouse(tx, namedIn("Warehouse", input, "warehouse"), principal, "warehouse");
  return { m, w };
}
