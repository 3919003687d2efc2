import type { Principal } from "../../auth/principal";
import { assertMayUse, assertVisible } from "../../auth/warehouse-scope";
import { badInput, notFound } from "../shared/domain-error";
import { keyOf, type Ref } from "../shared/ref";
import { Decimal, parseQuantity } from "../shared/quantity";
import type { Tx } from "../../db/transaction";
import { lotBlock } from "./usable-stock.store";
import { toBaseQuantity } from "../materials/material-units";
import { materialUnit as alternativeUnit, movementMaterial, type MovementMaterialRow } from "../materials/material.store";
import { firstActiveLocation, locationOfWarehouse, warehouseByCode, warehouseById, type WarehouseRow } from "../sites/sites.store";
import { createLot, lotOfMaterial, type LotRef } from "./lot.store";
import { deactivated, lotNotReleased, lotRequired } from "./stock.errors";

export { lotsForReceipt } from "./lot.store";
export type { LotRef };

/** Master data a movement refers to, resolved from the ids or codes callers send (through the owning areas' stores). */
export interface MaterialRef { id: number; code: string; uomCode: string; precision: number; lotTracked: boolean; safetyStock: Decimal }
export interface WarehouseRef { id: number; code: string }
export interface LocationRef { id: number; warehouseId: number; code: string; kind: string }

const norm = (code: string) => code.trim().toUpperCase();

/** What a material or warehouse a caller named is looked up by: its id, or its code as stored (upper case). */
export const lookupOf = (ref: Ref): { id: number } | { code: string } => ("id" in ref ? ref : { code: norm(ref.code) });

/** The material a caller named (id or code); archived materials are not found unless asked for. */
export async function material(tx: Tx, ref: Ref, opts: { archived?: boolean } = {}): Promise<MaterialRef> {
  return materialFrom(await movementMaterial(tx, lookupOf(ref), opts.archived === true), ref);
}

/** The material a caller named, from its row as looked up (lookupOf) by a statement that read more at once. */
export function materialFrom(m: MovementMaterialRow | null, ref: Ref): MaterialRef {
  if (!m) throw notFound("Material", keyOf(ref));
  return { ...m, safetyStock: new Decimal(m.safetyStock) };
}

/**
 * The warehouse a caller named, if the principal may use it: a code out of scope is FORBIDDEN whether it
 * exists or not; an id out of scope is NOT_FOUND, as a missing one (its code stays unsaid). With `movingStock`
 * (the input's prefix, e.g. "warehouse" or "toWarehouse") stock is about to move there: a deactivated one is
 * INVALID_STATE.
 */
export async function warehouse(tx: Tx, ref: Ref, principal: Principal, movingStock?: string): Promise<WarehouseRef> {
  if ("code" in ref) assertMayUse(principal, norm(ref.code));
  return warehouseFrom("id" in ref ? await warehouseById(tx, ref.id) : await warehouseByCode(tx, norm(ref.code)), ref, principal, movingStock);
}

/** The warehouse a caller named, as `warehouse` decides, from its row as looked up (lookupOf) by a statement that read more at once. */
export function warehouseFrom(w: Pick<WarehouseRow, "id" | "code" | "active"> | null, ref: Ref, principal: Principal, movingStock?: string): WarehouseRef {
  if ("code" in ref) assertMayUse(principal, norm(ref.code));
  if (!w) throw notFound("Warehouse", keyOf(ref));
  assertVisible(principal, w.code, "Warehouse", keyOf(ref));
  if (movingStock !== undefined) assertActive(w.active, `warehouse ${w.code}`, movingStock, ref);
  return { id: w.id, code: w.code };
}

/**
 * A location of the warehouse for a stock movement, named by id or code (a location of another warehouse is
 * not found; a deactivated one is INVALID_STATE naming `prefix`'s field, e.g. "fromLocation" → fromLocationCode).
 */
export async function location(tx: Tx, warehouse: WarehouseRef, ref: Ref, prefix = "location"): Promise<LocationRef> {
  const l = await locationOfWarehouse(tx, warehouse.id, "id" in ref ? ref : { code: norm(ref.code) });
  if (!l) throw notFound("Location", keyOf(ref), warehouse.code);
  assertActive(l.active, `location ${warehouse.code}/${l.code}`, prefix, ref);
  return { id: l.id, warehouseId: l.warehouseId, code: l.code, kind: l.kind };
}

/** Deactivated warehouses and locations take no new stock movements (`prefix` names the input's field pair). */
export function assertActive(active: boolean, what: string, prefix: string, ref: Ref): void {
  if (!active) throw deactivated(what, `${prefix}${"id" in ref ? "Id" : "Code"}`);
}

/** The first active location of a kind in a warehouse (by code), else its first active location: a default place. */
export async function defaultLocation(tx: Tx, warehouse: WarehouseRef, kind: string): Promise<LocationRef> {
  const l = await firstActiveLocation(tx, warehouse.id, kind);
  if (!l) throw notFound("Location", `<${kind}>`, warehouse.code);
  return { id: l.id, warehouseId: l.warehouseId, code: l.code, kind: l.kind };
}

export async function lotByCode(tx: Tx, material: MaterialRef, code: string): Promise<LotRef> {
  const lot = await lotOfMaterial(tx, material.id, code.trim());
  if (!lot) throw notFound("Lot", code, material.code);
  return lot;
}

/** A lot for a receipt: the existing one, or a new one (created RELEASED with the given expiry). */
export async function lotForReceipt(tx: Tx, material: MaterialRef, code: string, expiresAt?: Date | null, workOrderId?: number): Promise<LotRef> {
  const lotCode = code.trim();
  if (lotCode === "" || lotCode.length > 64) throw badInput("lotCode must be 1 to 64 characters", { field: "lotCode" });
  const created = await createLot(tx, { materialId: material.id, code: lotCode, expiresAt: expiresAt ?? null, workOrderId: workOrderId ?? null });
  return created ?? lotByCode(tx, material, lotCode);
}

/** Lots named for an issue must be usable stock: released and not expired. */
export function assertIssuable(lot: LotRef): void {
  const block = lotBlock(lot);
  if (block) throw lotNotReleased(lot, block);
}

/** A movement quantity in the material's base unit: positive unless allowed, at most the unit's decimals. */
export function quantityOf(material: MaterialRef, value: string, opts: { field?: string; uom?: string | null; allowNegative?: boolean; allowZero?: boolean } = {}): Decimal {
  if (opts.uom != null && norm(opts.uom) !== material.uomCode) {
    throw badInput(`${material.code} is kept in ${material.uomCode}, not ${opts.uom}`, { field: "uom", expected: material.uomCode });
  }
  return parseQuantity(value, { field: opts.field ?? "quantity", precision: material.precision, allowNegative: opts.allowNegative, allowZero: opts.allowZero });
}

/**
 * A movement quantity given in the base unit or in one of the material's alternative units (converted to
 * the base unit; a conversion finer than the base unit allows is refused, never rounded).
 */
export async function quantityIn(tx: Tx, material: MaterialRef, value: string, opts: { field?: string; uom?: string | null; allowNegative?: boolean; allowZero?: boolean } = {}): Promise<Decimal> {
  const uom = opts.uom == null ? null : norm(opts.uom);
  if (uom === null || uom === material.uomCode) return quantityOf(material, value, { ...opts, uom: null });
  const unit = await alternativeUnit(tx, material.id, uom);
  if (!unit) throw badInput(`${material.code} is kept in ${material.uomCode} and has no unit ${uom}`, { field: "uom", expected: material.uomCode });
  return toBaseQuantity(value, unit, material, { field: opts.field ?? "quantity", allowNegative: opts.allowNegative, allowZero: opts.allowZero });
}

/** A lot-tracked material never moves without a lot; other materials never carry one. */
export function assertLotRule(material: Pick<MaterialRef, "code" | "lotTracked">, lotCode: string | null | undefined): void {
  if (material.lotTracked && !lotCode?.trim()) throw lotRequired(material.code);
  if (!material.lotTracked && lotCode?.trim()) throw badInput(`${material.code} is not lot-tracked`, { field: "lotCode" });
}
