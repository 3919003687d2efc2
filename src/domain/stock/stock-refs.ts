import type { Principal } from "../../auth/principal";
import { assertMayUse, assertVisible } from "../../auth/warehouse-scope";
import { badInput, DomainError, notFound } from "../shared/domain-error";
import { keyOf, type Ref } from "../shared/ref";
import { Decimal, parseQuantity } from "../shared/quantity";
import type { Tx } from "../../db/transaction";
import { lotBlock } from "./usable-stock";
import { toBaseQuantity } from "../materials/material-units";
import { materialUnit as alternativeUnit } from "../materials/material.store";

/** Master data a movement refers to, resolved from the codes callers send. */
export interface MaterialRef { id: number; code: string; uomCode: string; precision: number; lotTracked: boolean; safetyStock: Decimal }
export interface WarehouseRef { id: number; code: string }
export interface LocationRef { id: number; warehouseId: number; code: string; kind: string }
export interface LotRef { id: number; materialId: number; code: string; qcStatus: string; expiresAt: Date | null }

const norm = (code: string) => code.trim().toUpperCase();

/** The material a caller named (id or code); archived materials are not found unless asked for. */
export async function material(tx: Tx, ref: Ref, opts: { archived?: boolean } = {}): Promise<MaterialRef> {
  const [m] = await tx.query<MaterialRef & { safetyStock: string }>(
    `SELECT m.id, m.code, m.uom_code AS "uomCode", u.precision, m.lot_tracked AS "lotTracked", m.safety_stock::text AS "safetyStock"
       FROM material m JOIN unit_of_measure u ON u.code = m.uom_code WHERE ${"id" in ref ? "m.id = $1" : "m.code = $1"} AND ($2 OR m.archived_at IS NULL)`,
    ["id" in ref ? ref.id : norm(ref.code), opts.archived === true],
  );
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
  const [w] = await tx.query<WarehouseRef & { active: boolean }>(
    `SELECT id, code, active FROM warehouse WHERE ${"id" in ref ? "id" : "code"} = $1`,
    ["id" in ref ? ref.id : norm(ref.code)],
  );
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
  const [l] = await tx.query<LocationRef & { active: boolean }>(
    `SELECT id, warehouse_id AS "warehouseId", code, kind::text AS kind, active FROM location WHERE warehouse_id = $1 AND ${"id" in ref ? "id" : "code"} = $2`,
    [warehouse.id, "id" in ref ? ref.id : norm(ref.code)],
  );
  if (!l) throw notFound("Location", keyOf(ref), warehouse.code);
  assertActive(l.active, `location ${warehouse.code}/${l.code}`, prefix, ref);
  return { id: l.id, warehouseId: l.warehouseId, code: l.code, kind: l.kind };
}

/** Deactivated warehouses and locations take no new stock movements (`prefix` names the input's field pair). */
export function assertActive(active: boolean, what: string, prefix: string, ref: Ref): void {
  if (!active) throw new DomainError("INVALID_STATE", `${what} is deactivated`, { field: `${prefix}${"id" in ref ? "Id" : "Code"}` });
}

/** The first active location of a kind in a warehouse (by code), else its first active location: a default place. */
export async function defaultLocation(tx: Tx, warehouse: WarehouseRef, kind: string): Promise<LocationRef> {
  const [l] = await tx.query<LocationRef>(
    `SELECT id, warehouse_id AS "warehouseId", code, kind::text AS kind FROM location WHERE warehouse_id = $1 AND active
      ORDER BY (kind::text = $2) DESC, code LIMIT 1`,
    [warehouse.id, kind],
  );
  if (!l) throw notFound("Location", `<${kind}>`, warehouse.code);
  return l;
}

const LOT_COLUMNS = `id, material_id AS "materialId", code, qc_status::text AS "qcStatus", expires_at AS "expiresAt"`;

export async function lotByCode(tx: Tx, material: MaterialRef, code: string): Promise<LotRef> {
  const [lot] = await tx.query<LotRef>(`SELECT ${LOT_COLUMNS} FROM lot WHERE material_id = $1 AND code = $2`, [material.id, code.trim()]);
  if (!lot) throw notFound("Lot", code, material.code);
  return lot;
}

/** A lot for a receipt: the existing one, or a new one (created RELEASED with the given expiry). */
export async function lotForReceipt(tx: Tx, material: MaterialRef, code: string, expiresAt?: Date | null, workOrderId?: number): Promise<LotRef> {
  const lotCode = code.trim();
  if (lotCode === "" || lotCode.length > 64) throw badInput("lotCode must be 1 to 64 characters", { field: "lotCode" });
  const [created] = await tx.query<LotRef>(
    `INSERT INTO lot (material_id, code, expires_at, work_order_id) VALUES ($1, $2, $3::timestamptz AT TIME ZONE 'UTC', $4)
     ON CONFLICT (material_id, code) DO NOTHING RETURNING ${LOT_COLUMNS}`,
    [material.id, lotCode, expiresAt ? expiresAt.toISOString() : null, workOrderId ?? null],
  );
  return created ?? lotByCode(tx, material, lotCode);
}

/** Lots named for an issue must be usable stock: released and not expired. */
export function assertIssuable(lot: LotRef): void {
  const block = lotBlock(lot);
  if (block === "EXPIRED") {
    throw new DomainError("LOT_NOT_RELEASED", `lot ${lot.code} expired`, { lot: lot.code, expiresAt: lot.expiresAt!.toISOString() });
  }
  if (block) throw new DomainError("LOT_NOT_RELEASED", `lot ${lot.code} is ${block.toLowerCase()}`, { lot: lot.code, qcStatus: block });
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
  if (material.lotTracked && !lotCode?.trim()) {
    throw new DomainError("LOT_REQUIRED", `${material.code} is lot-tracked: name a lot`, { material: material.code, field: "lotCode" });
  }
  if (!material.lotTracked && lotCode?.trim()) throw badInput(`${material.code} is not lot-tracked`, { field: "lotCode" });
}

/** Lots for many receipts at once: existing ones, the missing ones created (RELEASED), ids by `materialId/code`. */
export async function lotsForReceipt(tx: Tx, lots: readonly { materialId: number; code: string; expiresAt: Date | null }[]): Promise<Map<string, number>> {
  if (lots.length === 0) return new Map();
  const rows = await tx.query<{ id: number; materialId: number; code: string }>(
    `WITH wanted AS (SELECT DISTINCT ON (m, c) m, c, e FROM unnest($1::int[], $2::text[], $3::timestamptz[]) AS u(m, c, e)),
          made AS (INSERT INTO lot (material_id, code, expires_at) SELECT m, c, e AT TIME ZONE 'UTC' FROM wanted
                   ON CONFLICT (material_id, code) DO NOTHING RETURNING id, material_id, code)
     SELECT id, material_id AS "materialId", code FROM made
     UNION ALL SELECT l.id, l.material_id, l.code FROM lot l JOIN wanted w ON l.material_id = w.m AND l.code = w.c`,
    [lots.map((l) => l.materialId), lots.map((l) => l.code.trim()), lots.map((l) => l.expiresAt?.toISOString() ?? null)],
  );
  return new Map(rows.map((r) => [`${r.materialId}/${r.code}`, r.id]));
}
