import type { Principal } from "../../auth/principal";
import type { WarehouseScope } from "../../auth/warehouse-scope";
import type { Config } from "../../runtime/config";
import type { Database } from "../../db/database";
import type { Tx } from "../../db/transaction";
import { runBulk, type BulkItem } from "../idempotency/bulk-command";
import { runCommand } from "../idempotency/command";
import { badInput, DomainError } from "../shared/domain-error";
import type { Decimal } from "../shared/quantity";
import { namedIn, optionalNamedIn, optionalOrderIn, type Named, type Ref } from "../shared/ref";
import { assertValid, FieldChecks } from "../shared/field-errors";
import { warehousesByCodes } from "../sites/sites.store";
import { belowReorderPoint, lockBalances } from "./balance.store";
import { postMovement } from "./balances";
import { traceBackward, traceForward } from "./genealogy.queries";
import { verifyLedger } from "./ledger-verify";
import type { MovementResult, NewLedgerEntry } from "./ledger-writer";
import { lotIdsByCodes } from "./lot.store";
import { pickStock } from "./pick-stock";
import type { ReleasedReservation } from "./reservation.store";
import * as q from "./stock.queries";
import * as refs from "./stock-refs";

export type { MovementResult };

type MaterialAt = Named<"material"> & Named<"warehouse">;
export type ReceiptInput = MaterialAt & Named<"location"> & Named<"purchaseOrder", "Number"> & { quantity: string; uom?: string | null; lotCode?: string | null; expiresAt?: Date | null; reasonCode?: string | null; note?: string | null };
export type IssueInput = MaterialAt & Named<"location"> & Named<"workOrder", "Number"> & { quantity: string; uom?: string | null; lotCode?: string | null; reasonCode?: string | null; note?: string | null };
export type MoveInput = MaterialAt & Named<"fromLocation"> & Named<"toLocation"> & { quantity: string; uom?: string | null; lotCode?: string | null; note?: string | null };
export type AdjustInput = MaterialAt & Named<"location"> & { quantity: string; uom?: string | null; lotCode?: string | null; reasonCode: string; note?: string | null };


/** The configuration stock commands follow. */
export type StockPolicy = Pick<Config, "idempotencyTtlHours">;

/** An issue that names a work order: the work-orders area checks what the order may use and takes its reservations first. */
export interface WorkOrderIssue {
  workOrder: Ref;
  material: refs.MaterialRef;
  warehouse: refs.WarehouseRef;
  locationId: number | null;
  lotId: number | null;
  quantity: Decimal;
  note?: string | null;
}

/** A receipt that names a purchase order: purchasing books it there and returns the order's id for the ledger entry. */
export interface PurchaseReceipt { purchaseOrder: Ref; material: refs.MaterialRef; warehouse: refs.WarehouseRef; quantity: Decimal }

/** Stock of a material received in a warehouse by a transfer: work orders waiting for it may reserve it. */
export interface StockArrival { materialId: number; warehouseId: number; transferOrder: { id: number; number: string } }

/** What work orders lost when a lot became unusable (quarantined, rejected): their reservations on it are released. */
export interface LotLoss {
  lot: { id: number; code: string; materialCode: string; qcStatus: string };
  released: readonly ReleasedReservation[];
  /** a rejection's QUALITY exception per warehouse id (0: of no warehouse), for the orders to be linked to */
  qualityExceptions: ReadonlyMap<number, number>;
}

/**
 * The areas whose orders a movement may name or affect. They build on stock (and import it); stock reaches
 * them only through these, which src/services.ts fills with their services.
 */
export interface OrderAreas {
  workOrders: {
    issueAgainst(tx: Tx, issue: WorkOrderIssue, principal: Principal): Promise<MovementResult>;
    /** after a transfer's receipt: orders waiting for the material reserve it (their shortage policy says whether) */
    stockArrived(tx: Tx, arrival: StockArrival, principal: Principal): Promise<void>;
    /** after a lot became unusable: the orders adjust and follow their shortage policy; returns their ids */
    reservationsLost(tx: Tx, loss: LotLoss, principal: Principal): Promise<number[]>;
  };
  purchasing: { receiveAgainst(tx: Tx, receipt: PurchaseReceipt, principal: Principal): Promise<number> };
}

const missing = (area: string) => () => Promise.reject(new Error(`this service was built without the ${area} area`));
/** For stock services built without them (the demo seed): naming or affecting an order is a programming error there. */
export const NO_ORDER_AREAS: OrderAreas = {
  workOrders: { issueAgainst: missing("work-orders"), stockArrived: missing("work-orders"), reservationsLost: missing("work-orders") },
  purchasing: { receiveAgainst: missing("purchasing") },
};

/** Stock movements: each one transaction that locks what it changes, posts the ledger and the balances. */
export class StockService {
  constructor(
    private readonly db: Database,
    // the default of IDEMPOTENCY_TTL_HOURS, for a composition root without config
    private readonly policy: StockPolicy = { idempotencyTtlHours: 72 },
    private readonly orders: OrderAreas = NO_ORDER_AREAS,
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

  /**
   * Materials whose usable available stock is below their reorder point now, in a warehouse the identity may
   * see or (none named) every one it may see: the most short first, the first `first` (1 to 500) and the count.
   */
  async belowReorderPoint(warehouse: Ref | undefined, first: number, principal: Principal) {
    const c = new FieldChecks();
    const limit = c.int(first, "first", 1, 500);
    assertValid(c.errors);
    const sql = this.db.sql;
    const ids = warehouse
      ? [(await refs.warehouse(sql, warehouse, principal)).id]
      : principal.warehouses === null ? null : (await warehousesByCodes(sql, principal.warehouses)).map((w) => w.id);
    return belowReorderPoint(sql, ids, limit!);
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

  receive(input: ReceiptInput, principal: Principal, key?: string | null) {
    return runCommand(this.db, { principal, operation: "receiveStock", idempotencyKey: key, payload: input, ttlHours: this.policy.idempotencyTtlHours }, (tx) => this.postReceipt(tx, input, principal));
  }

  /** Many receipts in one call (an ERP's batch): all or nothing in one transaction, or each on its own (see runBulk). */
  receiveMany(input: { items: (ReceiptInput & BulkItem)[]; atomic: boolean }, principal: Principal, key?: string | null) {
    return runBulk(
      this.db,
      { principal, operation: "postReceipts", itemOperation: "receiveStock", atomic: input.atomic, idempotencyKey: key, ttlHours: this.policy.idempotencyTtlHours },
      input.items,
      (tx, item) => this.postReceipt(tx, item, principal),
      (tx, items) => lockReceiptBalances(tx, items, principal),
    );
  }

  async postReceipt(tx: Tx, input: ReceiptInput, principal: Principal): Promise<MovementResult> {
    const { m, w } = await materialAt(tx, input, principal);
    const loc = await refs.location(tx, w, namedIn("Location", input, "location"));
    const quantity = await refs.quantityIn(tx, m, input.quantity, { uom: input.uom });
    refs.assertLotRule(m, input.lotCode);
    const lot = input.lotCode ? await refs.lotForReceipt(tx, m, input.lotCode, input.expiresAt) : null;
    const order = optionalOrderIn("PurchaseOrder", input, "purchaseOrder");
    const purchaseOrderId = order ? await this.orders.purchasing.receiveAgainst(tx, { purchaseOrder: order, material: m, warehouse: w, quantity }, principal) : null;
    const entry: NewLedgerEntry = {
      type: "RECEIPT", materialId: m.id, warehouseId: w.id, locationId: loc.id, lotId: lot?.id ?? null, quantity, reasonCode: input.reasonCode, note: input.note, purchaseOrderId,
    };
    return { entryIds: await postMovement(tx, [entry], principal.id) };
  }

  issue(input: IssueInput, principal: Principal, key?: string | null) {
    return runCommand(this.db, { principal, operation: "issueStock", idempotencyKey: key, payload: input, ttlHours: this.policy.idempotencyTtlHours }, (tx) => this.postIssue(tx, input, principal));
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
    if (workOrder) return this.orders.workOrders.issueAgainst(tx, { ...where, workOrder, quantity, note: input.note }, principal);
    const takes = await pickStock(tx, { materialIds: [m.id], warehouseId: w.id, locationId: where.locationId, lotId: where.lotId, source: "free" }, quantity, m.code);
    const entries = takes.map((t): NewLedgerEntry => ({
      type: "ISSUE", materialId: m.id, warehouseId: w.id, locationId: t.candidate.locationId, lotId: t.candidate.lotId,
      quantity: t.quantity.neg(), reasonCode: input.reasonCode, note: input.note,
    }));
    return { entryIds: await postMovement(tx, entries, principal.id) };
  }

  move(input: MoveInput, principal: Principal, key?: string | null) {
    return runCommand(this.db, { principal, operation: "moveStock", idempotencyKey: key, payload: input, ttlHours: this.policy.idempotencyTtlHours }, (tx) => this.postMove(tx, input, principal));
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
    return runCommand(this.db, { principal, operation: "adjustStock", idempotencyKey: key, payload: input, ttlHours: this.policy.idempotencyTtlHours }, (tx) => this.postAdjustment(tx, input, principal, "ADJUSTMENT"));
  }

  /** scrap: a negative adjustment of named stock with a reason */
  scrap(input: AdjustInput, principal: Principal, key?: string | null) {
    return runCommand(this.db, { principal, operation: "scrapStock", idempotencyKey: key, payload: input, ttlHours: this.policy.idempotencyTtlHours }, (tx) => this.postAdjustment(tx, input, principal, "SCRAP"));
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

/**
 * An atomic batch's first step: locks the existing balance rows its receipts add to, in id order. Each
 * receipt then takes the ledger chain's lock while the next ones' rows are already held; without this
 * it could wait for a row whose holder waits for the chain (a deadlock). Items that do not resolve are
 * left to fail on their own, with their index.
 */
async function lockReceiptBalances(tx: Tx, items: readonly ReceiptInput[], principal: Principal): Promise<void> {
  const keys: { materialId: number; locationId: number; lotCode: string | null }[] = [];
  for (const item of items) {
    try {
      const { m, w } = await materialAt(tx, item, principal);
      const loc = await refs.location(tx, w, namedIn("Location", item, "location"));
      keys.push({ materialId: m.id, locationId: loc.id, lotCode: item.lotCode?.trim() || null });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
    }
  }
  const lots = await lotIdsByCodes(tx, keys.flatMap((k) => (k.lotCode ? [{ materialId: k.materialId, code: k.lotCode }] : [])));
  // a lot not known yet has no balance row to lock: its first receipt creates both
  const existing = keys.flatMap((k): { materialId: number; locationId: number; lotId: number | null }[] => {
    if (!k.lotCode) return [{ ...k, lotId: null }];
    const lotId = lots.get(`${k.materialId}/${k.lotCode}`);
    return lotId === undefined ? [] : [{ ...k, lotId }];
  });
  await lockBalances(tx, existing);
}

/** The material and warehouse a movement names (each by id or code). */
async function materialAt(tx: Tx, input: MaterialAt, principal: Principal) {
  const m = await refs.material(tx, namedIn("Material", input, "material"));
  const w = await refs.warehouse(tx, namedIn("Warehouse", input, "warehouse"), principal, "warehouse");
  return { m, w };
}
