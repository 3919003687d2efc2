import type { Sql } from "../../db/database";
import type { Tx } from "../../db/transaction";
import { policyJoin } from "../inventory-policy/inventory-policy.store";
import { materialJoin } from "../materials/material.store";
import { Decimal } from "../shared/quantity";
import { locationJoin, warehouseJoin } from "../sites/sites.store";
import type { StockCandidate } from "./allocate";
import { NOT_BEING_COUNTED } from "./location-block.store";
import { BALANCES_WITH_LOTS, USABLE_STOCK } from "./usable-stock.store";

/** The SQL on stock_balance rows for movements: locking what may be taken, applying changes, reading under lock. */

export interface LockedBalance extends StockCandidate {
  materialId: number;
  onHand: Decimal;
  reserved: Decimal;
  inTransit: Decimal;
}

export interface CandidateFilter {
  materialIds: readonly number[];
  warehouseId: number;
  locationId?: number | null;
  lotId?: number | null;
  /** free = on hand not reserved; inTransit = stock on its way to this warehouse */
  source: "free" | "inTransit";
  /** quarantined/rejected/expired lots and quarantine locations too (moves may take them; issues may not) */
  includeBlocked?: boolean;
  /** balance rows to lock whatever their free quantity (a work order's reserved rows) */
  alsoIds?: readonly number[];
}

/** A balance row's key: material, location and lot (0 = none, as `lot_key` stores it). */
export interface BalanceKey { materialId: number; locationId: number; lotId: number | null }

export interface StoredBalance extends BalanceKey { id: number; onHand: string; reserved: string; inTransit: string }

const LOCKED_COLUMNS = `b.id, b.material_id AS "materialId", b.location_id AS "locationId", b.lot_id AS "lotId", b.on_hand::text AS "onHand",
  b.reserved::text AS reserved, b.in_transit::text AS "inTransit"`;

/**
 * Locks (FOR UPDATE, in id order so concurrent movers cannot deadlock on them) the balance rows a movement
 * may take from, and returns them with what each has available under the lock. Stock at locations being
 * counted is left out unless the movement names the location (then postMovement refuses it, saying why).
 */
export async function lockCandidates(tx: Tx, f: CandidateFilter): Promise<LockedBalance[]> {
  const has = `${f.source === "free" ? "b.on_hand > b.reserved" : "b.in_transit > 0"}${f.locationId == null ? ` AND ${NOT_BEING_COUNTED}` : ""}`;
  const usable = f.includeBlocked ? "TRUE" : USABLE_STOCK;
  const rows = await tx.query<StoredBalance & { expiresAt: Date | null }>(
    `SELECT ${LOCKED_COLUMNS}, lot.expires_at AS "expiresAt"
       FROM ${BALANCES_WITH_LOTS}
      WHERE b.material_id = ANY($1::int[]) AND l.warehouse_id = $2 AND ($3::int IS NULL OR b.location_id = $3) AND ($4::int IS NULL OR b.lot_id = $4)
        AND ((${has} AND ${usable}) OR b.id = ANY($5::int[]))
      ORDER BY b.id FOR UPDATE OF b`,
    [f.materialIds, f.warehouseId, f.locationId ?? null, f.lotId ?? null, f.alsoIds ?? []],
    { prepared: true },
  );
  return rows.map((r) => {
    const onHand = new Decimal(r.onHand);
    const reserved = new Decimal(r.reserved);
    const inTransit = new Decimal(r.inTransit);
    return {
      balanceId: r.id, materialId: r.materialId, locationId: r.locationId, lotId: r.lotId, onHand, reserved, inTransit, expiresAt: r.expiresAt,
      available: f.source === "free" ? onHand.minus(reserved) : inTransit,
    };
  });
}

/**
 * Locks (in id order) the usable free stock of a material in these warehouses and returns how much each
 * has: callers deciding on it (the shortage policy ordering transfers) then run one at a time.
 */
export async function lockUsableFree(tx: Tx, materialId: number, warehouseIds: readonly number[]): Promise<Map<number, Decimal>> {
  const rows = await tx.query<{ warehouseId: number; free: string }>(
    `SELECT l.warehouse_id AS "warehouseId", (b.on_hand - b.reserved)::text AS free
       FROM ${BALANCES_WITH_LOTS}
      WHERE b.material_id = $1 AND l.warehouse_id = ANY($2::int[]) AND b.on_hand > b.reserved AND ${USABLE_STOCK}
      ORDER BY b.id FOR UPDATE OF b`,
    [materialId, warehouseIds],
  );
  const free = new Map<number, Decimal>();
  for (const r of rows) free.set(r.warehouseId, (free.get(r.warehouseId) ?? new Decimal(0)).plus(r.free));
  return free;
}

/** Creates the balance rows of these keys that do not exist yet (empty). */
export async function createMissingBalances(tx: Tx, keys: readonly BalanceKey[]): Promise<void> {
  await tx.query(
    `INSERT INTO stock_balance (material_id, location_id, lot_id, lot_key, updated_at)
     SELECT m, l, lot, COALESCE(lot, 0), now() FROM unnest($1::int[], $2::int[], $3::int[]) AS u(m, l, lot)
     ON CONFLICT (material_id, location_id, lot_key) DO NOTHING`,
    [keys.map((k) => k.materialId), keys.map((k) => k.locationId), keys.map((k) => k.lotId)],
  );
}

/** Locks the balance rows of these keys in id order and reads them. */
export function lockBalances(tx: Tx, keys: readonly BalanceKey[]): Promise<StoredBalance[]> {
  return tx.query<StoredBalance>(
    `SELECT ${LOCKED_COLUMNS}
       FROM stock_balance b JOIN unnest($1::int[], $2::int[], $3::int[]) AS u(m, l, lk)
         ON b.material_id = u.m AND b.location_id = u.l AND b.lot_key = u.lk
      ORDER BY b.id FOR UPDATE OF b`,
    [keys.map((k) => k.materialId), keys.map((k) => k.locationId), keys.map((k) => k.lotId ?? 0)],
  );
}

/** Adds signed changes (decimals as text) to locked balance rows, in one statement. */
export async function addToBalances(tx: Tx, changes: { ids: number[]; onHand: string[]; reserved: string[]; inTransit: string[] }): Promise<void> {
  await tx.query(
    `UPDATE stock_balance b SET on_hand = b.on_hand + d.oh, reserved = b.reserved + d.r, in_transit = b.in_transit + d.t, updated_at = now()
       FROM unnest($1::int[], $2::numeric[], $3::numeric[], $4::numeric[]) AS d(id, oh, r, t) WHERE b.id = d.id`,
    [changes.ids, changes.onHand, changes.reserved, changes.inTransit],
  );
}

export interface SafetyStockLevel {
  materialId: number; materialCode: string; warehouseId: number; warehouseCode: string; available: string; safetyStock: string; reorderPoint: string;
}

/**
 * Usable available stock against the reorder point, for each (material, warehouse) pair of `pairs` (an SQL
 * FROM item with the columns mid and wid) that has one: the policy computed for the material in the warehouse
 * (src/domain/inventory-policy), else the material's safety stock (as both safety stock and reorder point).
 */
const levelsOf = (pairs: string) =>
  `SELECT m.id AS "materialId", m.code AS "materialCode", w.id AS "warehouseId", w.code AS "warehouseCode",
          COALESCE(p.safety_stock, m.safety_stock)::text AS "safetyStock", COALESCE(p.reorder_point, m.safety_stock)::text AS "reorderPoint",
          COALESCE((SELECT sum(b.on_hand - b.reserved) FROM ${BALANCES_WITH_LOTS}
                     WHERE b.material_id = m.id AND l.warehouse_id = w.id AND ${USABLE_STOCK}), 0)::text AS available
     FROM ${pairs} ${materialJoin("m", "u.mid")} ${warehouseJoin("w", "u.wid")} ${policyJoin("p", "m.id", "w.id")}
    WHERE COALESCE(p.reorder_point, m.safety_stock) > 0`;

/** The levels (see levelsOf) of these pairs. */
export function safetyStockLevels(tx: Tx, pairs: readonly { materialId: number; warehouseId: number }[]): Promise<SafetyStockLevel[]> {
  return tx.query<SafetyStockLevel>(levelsOf(`unnest($1::int[], $2::int[]) AS u(mid, wid)`), [pairs.map((p) => p.materialId), pairs.map((p) => p.warehouseId)]);
}

/**
 * The pairs whose usable available stock is below their reorder point now (the condition `stock.low` tells of
 * crossing), among the materials ever stocked in these warehouses (null: all): the most short of it first
 * (available ÷ reorder point), at most `limit`, and how many there are in all.
 */
export async function belowReorderPoint(sql: Sql, warehouseIds: readonly number[] | null, limit: number): Promise<{ rows: SafetyStockLevel[]; totalCount: number }> {
  const stocked = `(SELECT DISTINCT b.material_id, l.warehouse_id FROM stock_balance b ${locationJoin("l", "b.location_id")}
                     WHERE $1::int[] IS NULL OR l.warehouse_id = ANY($1::int[])) AS u(mid, wid)`;
  const rows = await sql.query<SafetyStockLevel & { totalCount: number }>(
    `SELECT s.*, count(*) OVER ()::int AS "totalCount" FROM (${levelsOf(stocked)}) s
      WHERE s.available::numeric < s."reorderPoint"::numeric
      ORDER BY s.available::numeric / s."reorderPoint"::numeric, s."warehouseCode", s."materialCode" LIMIT $2`,
    [warehouseIds, limit],
  );
  return { rows: rows.map(({ totalCount: _, ...r }) => r), totalCount: rows[0]?.totalCount ?? 0 };
}

/** Usable free stock (on hand − reserved) of these materials per warehouse where there is some, by material then warehouse code. */
export function usableFreeByWarehouse(tx: Tx, materialIds: readonly number[]): Promise<{ materialId: number; warehouseId: number; warehouseCode: string; free: string }[]> {
  return tx.query(
    `SELECT s.material_id AS "materialId", s.warehouse_id AS "warehouseId", w.code AS "warehouseCode", s.free::text AS free
       FROM (SELECT b.material_id, l.warehouse_id, sum(b.on_hand - b.reserved) AS free FROM ${BALANCES_WITH_LOTS}
              WHERE b.material_id = ANY($1::int[]) AND ${USABLE_STOCK} GROUP BY b.material_id, l.warehouse_id) s
       ${warehouseJoin("w", "s.warehouse_id")}
      WHERE s.free > 0 ORDER BY s.material_id, w.code`,
    [materialIds],
  );
}

// what other areas read of stock inside their transactions (counts, putaway)

export interface LocationStock { materialId: number; locationId: number; lotId: number | null; onHand: string }

/**
 * On hand per material, location and lot at these locations (rows with stock only); `forUpdate` locks the
 * rows in id order, as movements do, so what is read stays so until commit.
 */
export function stockAtLocations(tx: Tx, locationIds: readonly number[], opts: { forUpdate?: boolean } = {}): Promise<LocationStock[]> {
  return tx.query<LocationStock>(
    `SELECT material_id AS "materialId", location_id AS "locationId", lot_id AS "lotId", on_hand::text AS "onHand"
       FROM stock_balance WHERE location_id = ANY($1::int[]) AND (on_hand <> 0 OR reserved <> 0)
      ORDER BY id ${opts.forUpdate ? "FOR UPDATE" : ""}`,
    [locationIds],
  );
}

export interface LocationLoad { locationId: number; onHand: string; holdsMaterial: boolean }

/** What lies at each of these locations that holds anything (all materials), and whether `materialId` is among it. */
export function loadOfLocations(tx: Tx, locationIds: readonly number[], materialId: number): Promise<LocationLoad[]> {
  return tx.query<LocationLoad>(
    `SELECT location_id AS "locationId", sum(on_hand)::text AS "onHand", bool_or(material_id = $2) AS "holdsMaterial"
       FROM stock_balance WHERE location_id = ANY($1::int[]) AND on_hand > 0 GROUP BY location_id`,
    [locationIds, materialId],
  );
}
