import type { Principal } from "../../auth/principal";
import { canSee } from "../../auth/warehouse-scope";
import { badInput, DomainError, notFound } from "../shared/domain-error";
import { Decimal } from "../shared/quantity";
import { postMovement } from "./balances";
import type { NewLedgerEntry } from "./ledger-writer";
import { pickStock } from "./pick-stock";
import type { MovementResult, StockService } from "./stock.service";
import * as refs from "./stock-refs";
import { keyOf, namedIn, optionalNamedIn, orderArg, type Named, type Ref } from "../shared/ref";
import type { Tx } from "../../db/transaction";

export type CreateTransferInput = Named<"material"> & Named<"fromWarehouse"> & Named<"toWarehouse"> & { quantity: string; dueDate?: Date | null; reason?: string | null };
/** the transfer: `id` or `number` */
export type ShipTransferInput = RefPair & Named<"fromLocation"> & { quantity?: string | null; lotCode?: string | null };
export type ReceiveTransferInput = RefPair & Named<"location"> & { quantity?: string | null; lotCode?: string | null };
type RefPair = { id?: string | number | null; number?: string | null };

interface TransferRow {
  id: number; number: string; materialCode: string; fromCode: string; toCode: string; status: string;
  quantity: string; shippedQuantity: string; receivedQuantity: string;
}

/**
 * Transfers between warehouses: ship takes stock out of the source and shows it in transit at the
 * destination's receiving location; receipts (possibly partial) turn in-transit into on-hand.
 */
export class TransferService {
  constructor(private readonly stock: StockService) {}

  create(input: CreateTransferInput, principal: Principal, key?: string | null) {
    return this.stock.run(principal, "createTransfer", key, input, async (tx): Promise<MovementResult> => {
      const m = await refs.material(tx, namedIn("Material", input, "material"));
      const from = await refs.warehouse(tx, namedIn("Warehouse", input, "fromWarehouse"), principal, "fromWarehouse");
      const to = await refs.warehouse(tx, namedIn("Warehouse", input, "toWarehouse"), principal, "toWarehouse");
      if (from.id === to.id) throw badInput("a transfer needs two different warehouses", { field: "toWarehouseCode" });
      const quantity = refs.quantityOf(m, input.quantity);
      const [t] = await tx.query<{ id: number }>(
        `INSERT INTO transfer_order (id, number, material_id, from_warehouse_id, to_warehouse_id, quantity, reason, due_date, created_by)
         SELECT n, 'TO-' || lpad(n::text, 6, '0'), $1, $2, $3, $4::numeric, $5, $6::timestamptz AT TIME ZONE 'UTC', $7
           FROM nextval('transfer_order_id_seq') AS n RETURNING id`,
        [m.id, from.id, to.id, quantity.toFixed(6), input.reason ?? null, input.dueDate?.toISOString() ?? null, principal.id],
      );
      return { entryIds: [], transferOrderId: t.id };
    });
  }

  ship(input: ShipTransferInput, principal: Principal, key?: string | null) {
    return this.stock.run(principal, "shipTransfer", key, input, (tx) => this.postShip(tx, input, principal));
  }

  /** The part of a transfer not shipped yet, from its source warehouse (for a pick list); the transfer stays locked. */
  async unshipped(tx: Tx, ref: Ref, principal: Principal) {
    const t = await lockTransfer(tx, ref, principal);
    if (!["OPEN", "IN_TRANSIT", "PARTIALLY_RECEIVED"].includes(t.status)) throw invalidState(t);
    const from = await refs.warehouse(tx, { code: t.fromCode }, principal, "fromWarehouse");
    return { id: t.id, number: t.number, materialCode: t.materialCode, fromWarehouse: from, open: new Decimal(t.quantity).minus(t.shippedQuantity) };
  }

  /** Ships (part of) a transfer inside the caller's transaction: out of the source, in transit at the destination. */
  async postShip(tx: Tx, input: ShipTransferInput, principal: Principal): Promise<MovementResult> {
    const t = await lockTransfer(tx, transferIn(input), principal);
    if (!["OPEN", "IN_TRANSIT", "PARTIALLY_RECEIVED"].includes(t.status)) throw invalidState(t);
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
    await tx.query(
      `UPDATE transfer_order SET shipped_quantity = shipped_quantity + $2::numeric,
              status = CASE WHEN status = 'OPEN' THEN 'IN_TRANSIT'::"TransferStatus" ELSE status END WHERE id = $1`,
      [t.id, quantity.toFixed(6)],
    );
    return { entryIds, transferOrderId: t.id };
  }

  cancel(ref: Ref, principal: Principal, key?: string | null) {
    return this.stock.run(principal, "cancelTransfer", key, ref, async (tx): Promise<MovementResult> => {
      const t = await lockTransfer(tx, ref, principal);
      await refs.warehouse(tx, { code: t.fromCode }, principal);
      await cancelUnshipped(tx, t);
      return { entryIds: [], transferOrderId: t.id };
    });
  }

  receive(input: ReceiveTransferInput, principal: Principal, key?: string | null) {
    return this.stock.run(principal, "receiveTransfer", key, input, async (tx): Promise<MovementResult> => {
      const t = await lockTransfer(tx, transferIn(input), principal);
      if (!["IN_TRANSIT", "PARTIALLY_RECEIVED"].includes(t.status)) throw invalidState(t);
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
      await tx.query(
        `UPDATE transfer_order SET received_quantity = received_quantity + $2::numeric,
                status = CASE WHEN received_quantity + $2::numeric >= quantity THEN 'RECEIVED' ELSE 'PARTIALLY_RECEIVED' END::"TransferStatus"
          WHERE id = $1`,
        [t.id, quantity.toFixed(6)],
      );
      return { entryIds, transferOrderId: t.id };
    });
  }
}

/**
 * What is not shipped yet is cancelled: an OPEN transfer ends CANCELLED; one already on its way keeps
 * only what was shipped, which is still received as usual (and ends RECEIVED if it all arrived).
 */
async function cancelUnshipped(tx: Tx, t: TransferRow): Promise<void> {
  if (!["OPEN", "IN_TRANSIT", "PARTIALLY_RECEIVED"].includes(t.status)) throw invalidState(t);
  if (t.status === "OPEN") return void (await tx.query(`UPDATE transfer_order SET status = 'CANCELLED' WHERE id = $1`, [t.id]));
  if (new Decimal(t.shippedQuantity).eq(t.quantity)) {
    throw new DomainError("INVALID_STATE", `transfer ${t.number} is shipped in full: receive it instead`, { status: t.status });
  }
  await tx.query(
    `UPDATE transfer_order SET quantity = shipped_quantity,
            status = CASE WHEN received_quantity >= shipped_quantity THEN 'RECEIVED' ELSE status END::"TransferStatus" WHERE id = $1`,
    [t.id],
  );
}

const transferIn = (input: RefPair) => orderArg("TransferOrder", input.id, input.number);

/** Locks a transfer row (by id or number); one between two warehouses out of the caller's scope is NOT_FOUND. */
async function lockTransfer(tx: Tx, ref: Ref, principal: Principal): Promise<TransferRow> {
  const [t] = await tx.query<TransferRow>(
    `SELECT t.id, t.number, m.code AS "materialCode", f.code AS "fromCode", d.code AS "toCode", t.status::text AS status,
            t.quantity::text AS quantity, t.shipped_quantity::text AS "shippedQuantity", t.received_quantity::text AS "receivedQuantity"
       FROM transfer_order t JOIN material m ON m.id = t.material_id JOIN warehouse f ON f.id = t.from_warehouse_id
       JOIN warehouse d ON d.id = t.to_warehouse_id WHERE ${"id" in ref ? "t.id" : "t.number"} = $1 FOR UPDATE OF t`,
    ["id" in ref ? ref.id : ref.code.toUpperCase()],
  );
  if (!t || !(canSee(principal, t.fromCode) || canSee(principal, t.toCode))) throw notFound("TransferOrder", keyOf(ref));
  return t;
}

const invalidState = (t: TransferRow) =>
  new DomainError("INVALID_STATE", `transfer ${t.number} is ${t.status.toLowerCase()}`, { status: t.status });
