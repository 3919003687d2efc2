import type { Principal } from "../../auth/principal";
import { canSee } from "../../auth/warehouse-scope";
import type { Database } from "../../db/database";
import type { Tx } from "../../db/transaction";
import { runCommand } from "../idempotency/command";
import { badInput, notFound } from "../shared/domain-error";
import { Decimal } from "../shared/quantity";
import { keyOf, namedIn, optionalNamedIn, orderArg, type Named, type Ref } from "../shared/ref";
import { postMovement } from "./balances";
import type { MovementResult, NewLedgerEntry } from "./ledger-writer";
import { pickStock } from "./pick-stock";
import { NO_ORDER_AREAS, type OrderAreas, type StockPolicy } from "./stock.service";
import { transferInState } from "./stock.errors";
import * as refs from "./stock-refs";
import * as store from "./transfer.store";

export type CreateTransferInput = Named<"material"> & Named<"fromWarehouse"> & Named<"toWarehouse"> & { quantity: string; dueDate?: Date | null; reason?: string | null };
/** the transfer: `id` or `number` */
export type ShipTransferInput = RefPair & Named<"fromLocation"> & { quantity?: string | null; lotCode?: string | null };
export type ReceiveTransferInput = RefPair & Named<"location"> & { quantity?: string | null; lotCode?: string | null };
type RefPair = { id?: string | number | null; number?: string | null };

type TransferRow = store.LockedTransfer;

/**
 * Transfers between warehouses: ship takes stock out of the source and shows it in transit at the
 * destination's receiving location; receipts (possibly partial) turn in-transit into on-hand, which work
 * orders waiting for it there then reserve (OrderAreas.workOrders.stockArrived, same transaction).
 */
export class TransferService {
  constructor(
    private readonly db: Database,
    private readonly policy: StockPolicy,
    private readonly orders: Pick<OrderAreas, "workOrders"> = NO_ORDER_AREAS,
  ) {}

  create(input: CreateTransferInput, principal: Principal, key?: string | null) {
    return runCommand(this.db, { principal, operation: "createTransfer", idempotencyKey: key, payload: input, ttlHours: this.policy.idempotencyTtlHours }, async (tx): Promise<MovementResult> => {
      const m = await refs.material(tx, namedIn("Material", input, "material"));
      const from = await refs.warehouse(tx, namedIn("Warehouse", input, "fromWarehouse"), principal, "fromWarehouse");
      const to = await refs.warehouse(tx, namedIn("Warehouse", input, "toWarehouse"), principal, "toWarehouse");
      if (from.id === to.id) throw badInput("a transfer needs two different warehouses", { field: "toWarehouseCode" });
      const quantity = refs.quantityOf(m, input.quantity);
      const { id } = await store.insertTransfer(tx, {
        materialId: m.id, fromWarehouseId: from.id, toWarehouseId: to.id, quantity: quantity.toFixed(6), reason: input.reason ?? null,
        dueDate: input.dueDate ?? null, createdBy: principal.id,
      });
      return { entryIds: [], transferOrderId: id };
    });
  }

  ship(input: ShipTransferInput, principal: Principal, key?: string | null) {
    return runCommand(this.db, { principal, operation: "shipTransfer", idempotencyKey: key, payload: input, ttlHours: this.policy.idempotencyTtlHours }, (tx) => this.postShip(tx, input, principal));
  }

  /** The part of a transfer not shipped yet, from its source warehouse (for a pick list); the transfer stays locked. */
  async unshipped(tx: Tx, ref: Ref, principal: Principal) {
    const t = await lockTransfer(tx, ref, principal);
    if (!["OPEN", "IN_TRANSIT", "PARTIALLY_RECEIVED"].includes(t.status)) throw transferInState(t);
    const from = await refs.warehouse(tx, { code: t.fromCode }, principal, "fromWarehouse");
    return { id: t.id, number: t.number, materialCode: t.materialCode, fromWarehouse: from, open: new Decimal(t.quantity).minus(t.shippedQuantity) };
  }

  /** Ships (part of) a transfer inside the caller's transaction: out of the source, in transit at the destination. */
  async postShip(tx: Tx, input: ShipTransferInput, principal: Principal): Promise<MovementResult> {
    const t = await lockTransfer(tx, transferIn(input), principal);
    if (!["OPEN", "IN_TRANSIT", "PARTIALLY_RECEIVED"].includes(t.status)) throw transferInState(t);
    const m = await refs.material(tx, { code: t.materialCode });
    const from = await refs.warehouse(tx, { code: t.fromCode }, principal, "fromWarehouse");
    const to = await refs.warehouse(tx, { code: t.toCode }, principal, "toWarehouse");
    const open = new Decimal(t.quantity).minus(t.shippedQuantity);
    const quantity = input.quantity ? refs.quantityOf(m, input.quantity) : open;
    if (quantity.gt(open) || open.lte(0)) throw badInput(`at most ${open} of ${t.number} is left to ship`, { field: "quantity", open: open.toString() });
    const at = optionalNamedIn("Location", input, "fromLocation");
    const loc = at ? await refs.location(tx, from, at, "fromLocation") : null;
    const lot = input.lotCode ? await refs.lotByCode(tx, m, input.lotCode) : null;
    if (lot) refs.assertIssuable(lot);
    const dest = await refs.defaultLocation(tx, to, "RECEIVING");
    const takes = await pickStock(tx, { materialIds: [m.id], warehouseId: from.id, locationId: loc?.id, lotId: lot?.id, source: "free" }, quantity, m.code);
    const entries = takes.flatMap((k): NewLedgerEntry[] => [
      { type: "TRANSFER_SHIP", materialId: m.id, warehouseId: from.id, locationId: k.candidate.locationId, lotId: k.candidate.lotId, quantity: k.quantity.neg(), transferOrderId: t.id },
      { type: "TRANSFER_SHIP", materialId: m.id, warehouseId: to.id, locationId: dest.id, lotId: k.candidate.lotId, quantity: new Decimal(0), inTransitDelta: k.quantity, transferOrderId: t.id },
    ]);
    const entryIds = await postMovement(tx, entries, principal.id);
    await store.addShipped(tx, t.id, quantity.toFixed(6));
    return { entryIds, transferOrderId: t.id };
  }

  cancel(ref: Ref, principal: Principal, key?: string | null) {
    return runCommand(this.db, { principal, operation: "cancelTransfer", idempotencyKey: key, payload: ref, ttlHours: this.policy.idempotencyTtlHours }, async (tx): Promise<MovementResult> => {
      const t = await lockTransfer(tx, ref, principal);
      await refs.warehouse(tx, { code: t.fromCode }, principal);
      await cancelUnshipped(tx, t);
      return { entryIds: [], transferOrderId: t.id };
    });
  }

  receive(input: ReceiveTransferInput, principal: Principal, key?: string | null) {
    return runCommand(this.db, { principal, operation: "receiveTransfer", idempotencyKey: key, payload: input, ttlHours: this.policy.idempotencyTtlHours }, async (tx): Promise<MovementResult> => {
      const t = await lockTransfer(tx, transferIn(input), principal);
      if (!["IN_TRANSIT", "PARTIALLY_RECEIVED"].includes(t.status)) throw transferInState(t);
      const m = await refs.material(tx, { code: t.materialCode });
      const to = await refs.warehouse(tx, { code: t.toCode }, principal, "toWarehouse");
      const open = new Decimal(t.shippedQuantity).minus(t.receivedQuantity);
      const quantity = input.quantity ? refs.quantityOf(m, input.quantity) : open;
      if (quantity.gt(open)) throw badInput(`only ${open} of ${t.number} is in transit`, { field: "quantity", inTransit: open.toString() });
      const transit = await refs.defaultLocation(tx, to, "RECEIVING");
      const at = optionalNamedIn("Location", input, "location");
      const target = at ? await refs.location(tx, to, at) : transit;
      const lot = input.lotCode ? await refs.lotByCode(tx, m, input.lotCode) : null;
      const takes = await pickStock(tx, { materialIds: [m.id], warehouseId: to.id, locationId: transit.id, lotId: lot?.id, source: "inTransit", includeBlocked: true }, quantity, m.code);
      const base = { type: "TRANSFER_RECEIVE" as const, materialId: m.id, warehouseId: to.id, transferOrderId: t.id };
      const entries = takes.flatMap((k): NewLedgerEntry[] =>
        target.id === transit.id
          ? [{ ...base, locationId: transit.id, lotId: k.candidate.lotId, quantity: k.quantity, inTransitDelta: k.quantity.neg() }]
          : [
              { ...base, locationId: transit.id, lotId: k.candidate.lotId, quantity: new Decimal(0), inTransitDelta: k.quantity.neg() },
              { ...base, locationId: target.id, lotId: k.candidate.lotId, quantity: k.quantity },
            ],
      );
      const entryIds = await postMovement(tx, entries, principal.id);
      await store.addReceived(tx, t.id, quantity.toFixed(6));
      await this.orders.workOrders.stockArrived(tx, { materialId: m.id, warehouseId: to.id, transferOrder: { id: t.id, number: t.number } }, principal);
      return { entryIds, transferOrderId: t.id };
    });
  }
}

/**
 * What is not shipped yet is cancelled: an OPEN transfer ends CANCELLED; one already on its way keeps
 * only what was shipped, which is still received as usual (and ends RECEIVED if it all arrived).
 */
async function cancelUnshipped(tx: Tx, t: TransferRow): Promise<void> {
  if (!["OPEN", "IN_TRANSIT", "PARTIALLY_RECEIVED"].includes(t.status)) throw transferInState(t);
  if (t.status === "OPEN") return store.markCancelled(tx, t.id);
  if (new Decimal(t.shippedQuantity).eq(t.quantity)) throw transferInState(t, `transfer ${t.number} is shipped in full: receive it instead`);
  await store.cutToShipped(tx, t.id);
}

const transferIn = (input: RefPair) => orderArg("TransferOrder", input.id, input.number);

/** Locks a transfer row (by id or number); one between two warehouses out of the caller's scope is NOT_FOUND. */
async function lockTransfer(tx: Tx, ref: Ref, principal: Principal): Promise<TransferRow> {
  const t = await store.lockTransfer(tx, "id" in ref ? ref : { code: ref.code.toUpperCase() });
  if (!t || !(canSee(principal, t.fromCode) || canSee(principal, t.toCode))) throw notFound("TransferOrder", keyOf(ref));
  return t;
}
