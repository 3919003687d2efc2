import type { Tx } from "../../db/transaction";
import { badInput } from "../shared/domain-error";
import { Decimal } from "../shared/quantity";
import { lockUsableFree } from "./balance.store";
import { insertTransfer, notYetReceived, unshippedFrom } from "./transfer.store";

/**
 * Transfers another area orders inside its own transaction (the shortage policy): what a warehouse can still
 * send, and ordering it.
 */

/**
 * What each warehouse could still send of a material: its usable free stock, locked until the caller's
 * transaction ends (so two callers never promise the same stock), less what open transfers from it have not
 * shipped yet. Only warehouses with something to send are in the map.
 */
export async function transferableFrom(tx: Tx, materialId: number, warehouseIds: readonly number[]): Promise<Map<number, Decimal>> {
  if (warehouseIds.length === 0) return new Map();
  const free = await lockUsableFree(tx, materialId, warehouseIds);
  const promised = await unshippedFrom(tx, materialId, [...free.keys()]);
  const left = new Map<number, Decimal>();
  for (const [warehouseId, q] of free) {
    const rest = q.minus(promised.get(warehouseId) ?? 0);
    if (rest.gt(0)) left.set(warehouseId, rest);
  }
  return left;
}

export interface TransferToOrder { materialId: number; fromWarehouseId: number; toWarehouseId: number; quantity: Decimal; reason: string; dueDate: Date | null; createdBy: string }

/** Orders a transfer (OPEN: nothing moves until it is shipped); a warehouse never transfers to itself. */
export async function orderTransfer(tx: Tx, t: TransferToOrder): Promise<{ id: number; number: string }> {
  if (t.fromWarehouseId === t.toWarehouseId) throw badInput("a transfer needs two different warehouses", { field: "toWarehouseCode" });
  return insertTransfer(tx, { ...t, quantity: t.quantity.toFixed(6) });
}

/** What of these transfers is still on its way (ordered, not yet received), per material id. */
export async function stillComing(tx: Tx, transferIds: readonly number[]): Promise<Map<number, Decimal>> {
  if (transferIds.length === 0) return new Map();
  return new Map((await notYetReceived(tx, transferIds)).map((r) => [r.materialId, new Decimal(r.open)]));
}
