import type { Tx } from "../../db/transaction";
import type { LocationValues, WarehouseValues } from "./site.rules";

/** The only file whose SQL names warehouse and location (for master-data changes). */
export interface WarehouseRow { id: number; code: string; name: string; kind: string; active: boolean; createdAt: Date }
export interface LocationRow {
  id: number; warehouseId: number; code: string; name: string; kind: string; pickSequence: number | null;
  x: string | null; y: string | null; capacity: string | null; active: boolean;
}

const W = `id, code, name, kind::text AS kind, active, created_at AS "createdAt"`;
const locationColumns = (a = "") =>
  `${a}id, ${a}warehouse_id AS "warehouseId", ${a}code, ${a}name, ${a}kind::text AS kind, ${a}pick_sequence AS "pickSequence", ${a}x::text AS x, ${a}y::text AS y, ${a}capacity::text AS capacity, ${a}active`;
const L = locationColumns();

/** The query of a WarehouseRow by id or code (`value`: an SQL expression; codes as stored), for other areas' statements. */
export const warehouseSql = (by: "id" | "code", value: string) => `SELECT ${W} FROM warehouse WHERE ${by} = ${value}`;

export async function warehouseByCode(tx: Tx, code: string): Promise<WarehouseRow | null> {
  const [row] = await tx.query<WarehouseRow>(warehouseSql("code", "$1"), [code]);
  return row ?? null;
}

export async function lockWarehouse(tx: Tx, code: string): Promise<WarehouseRow | null> {
  const [row] = await tx.query<WarehouseRow>(`SELECT ${W} FROM warehouse WHERE code = $1 FOR UPDATE`, [code]);
  return row ?? null;
}

export async function insertWarehouse(tx: Tx, w: WarehouseValues): Promise<WarehouseRow | null> {
  const [row] = await tx.query<WarehouseRow>(
    `INSERT INTO warehouse (code, name, kind, active) VALUES ($1, $2, $3::"WarehouseKind", $4) ON CONFLICT (code) DO NOTHING RETURNING ${W}`,
    [w.code, w.name, w.kind, w.active],
  );
  return row ?? null;
}

export async function updateWarehouse(tx: Tx, w: WarehouseValues): Promise<WarehouseRow> {
  const [row] = await tx.query<WarehouseRow>(`UPDATE warehouse SET name = $2, kind = $3::"WarehouseKind", active = $4 WHERE code = $1 RETURNING ${W}`, [w.code, w.name, w.kind, w.active]);
  return row;
}

export async function lockLocation(tx: Tx, warehouseId: number, code: string): Promise<LocationRow | null> {
  const [row] = await tx.query<LocationRow>(`SELECT ${L} FROM location WHERE warehouse_id = $1 AND code = $2 FOR UPDATE`, [warehouseId, code]);
  return row ?? null;
}

const LOCATION_VALUES = (l: LocationValues) => [l.name, l.kind, l.pickSequence, l.x, l.y, l.capacity, l.active];

export async function insertLocation(tx: Tx, warehouseId: number, l: LocationValues): Promise<LocationRow | null> {
  const [row] = await tx.query<LocationRow>(
    `INSERT INTO location (warehouse_id, code, name, kind, pick_sequence, x, y, capacity, active)
     VALUES ($1, $2, $3, $4::"LocationKind", $5, $6::numeric, $7::numeric, $8::numeric, $9) ON CONFLICT (warehouse_id, code) DO NOTHING RETURNING ${L}`,
    [warehouseId, l.code, ...LOCATION_VALUES(l)],
  );
  return row ?? null;
}

export async function updateLocation(tx: Tx, id: number, l: LocationValues): Promise<LocationRow> {
  const [row] = await tx.query<LocationRow>(
    `UPDATE location SET name = $2, kind = $3::"LocationKind", pick_sequence = $4, x = $5::numeric, y = $6::numeric, capacity = $7::numeric, active = $8
      WHERE id = $1 RETURNING ${L}`,
    [id, ...LOCATION_VALUES(l)],
  );
  return row;
}

export async function deleteLocation(tx: Tx, id: number): Promise<void> {
  await tx.query(`DELETE FROM location WHERE id = $1`, [id]);
}

export async function locationByCode(tx: Tx, warehouseId: number, code: string): Promise<LocationRow | null> {
  const [row] = await tx.query<LocationRow>(`SELECT ${L} FROM location WHERE warehouse_id = $1 AND code = $2`, [warehouseId, code]);
  return row ?? null;
}

export function warehousesByIds(tx: Tx, ids: readonly number[]): Promise<WarehouseRow[]> {
  return tx.query<WarehouseRow>(`SELECT ${W} FROM warehouse WHERE id = ANY($1::int[])`, [ids]);
}

export function warehousesByCodes(tx: Tx, codes: readonly string[]): Promise<WarehouseRow[]> {
  return tx.query<WarehouseRow>(`SELECT ${W} FROM warehouse WHERE code = ANY($1::text[])`, [codes]);
}

/** Locations of these warehouses, each with its warehouse's code and whether that is active. */
export function locationsOfWarehouses(tx: Tx, warehouseCodes: readonly string[]): Promise<(LocationRow & { warehouseCode: string; warehouseActive: boolean })[]> {
  return tx.query<LocationRow & { warehouseCode: string; warehouseActive: boolean }>(
    `SELECT ${locationColumns("l.")}, w.code AS "warehouseCode", w.active AS "warehouseActive" FROM location l JOIN warehouse w ON w.id = l.warehouse_id WHERE w.code = ANY($1::text[])`,
    [warehouseCodes],
  );
}

/*
 * For other areas' SQL (stock, work orders, purchasing): their reads and locks join a warehouse or location in
 * the same statement, and resolve the ones a caller named, without naming these tables themselves.
 */

/** `JOIN warehouse <alias> ON <alias>.id = <idExpr>` (or a LEFT JOIN): the warehouse's columns under `alias`. */
export const warehouseJoin = (alias: string, idExpr: string, join: "JOIN" | "LEFT JOIN" = "JOIN") => `${join} warehouse ${alias} ON ${alias}.id = ${idExpr}`;

/** `JOIN location <alias> ON <alias>.id = <idExpr>`: the location's columns under `alias`. */
export const locationJoin = (alias: string, idExpr: string) => `JOIN location ${alias} ON ${alias}.id = ${idExpr}`;

/** The id of the warehouse whose code is `codeExpr`, as an SQL subquery. */
export const warehouseIdOfCode = (codeExpr: string) => `(SELECT id FROM warehouse WHERE code = ${codeExpr})`;

/** The ids of the warehouses whose codes are in the array `codesExpr`, as an SQL subquery. */
export const warehouseIdsOfCodes = (codesExpr: string) => `(SELECT id FROM warehouse WHERE code = ANY(${codesExpr}))`;

export async function warehouseById(tx: Tx, id: number): Promise<WarehouseRow | null> {
  const [row] = await tx.query<WarehouseRow>(warehouseSql("id", "$1"), [id]);
  return row ?? null;
}

/** A location of the warehouse, by id or code (codes as stored: upper case); null when the warehouse has none such. */
export async function locationOfWarehouse(tx: Tx, warehouseId: number, by: { id: number } | { code: string }): Promise<LocationRow | null> {
  const [row] = await tx.query<LocationRow>(
    `SELECT ${L} FROM location WHERE warehouse_id = $1 AND ${"id" in by ? "id" : "code"} = $2`,
    [warehouseId, "id" in by ? by.id : by.code],
  );
  return row ?? null;
}

/** The first active location of a kind in a warehouse (by code), else its first active location; null when it has none. */
export async function firstActiveLocation(tx: Tx, warehouseId: number, kind: string): Promise<LocationRow | null> {
  const [row] = await tx.query<LocationRow>(`SELECT ${L} FROM location WHERE warehouse_id = $1 AND active ORDER BY (kind::text = $2) DESC, code LIMIT 1`, [warehouseId, kind]);
  return row ?? null;
}

/** Every warehouse, in code order. */
export const allWarehouses = (tx: Tx) => tx.query<WarehouseRow>(`SELECT ${W} FROM warehouse ORDER BY code`);

export const locationsByIds = (tx: Tx, ids: readonly number[]) => tx.query<LocationRow>(`SELECT ${L} FROM location WHERE id = ANY($1::int[])`, [ids]);

/** The locations of these warehouses, in code order. */
export const locationsOfWarehouseIds = (tx: Tx, ids: readonly number[]) =>
  tx.query<LocationRow>(`SELECT ${L} FROM location WHERE warehouse_id = ANY($1::int[]) ORDER BY code`, [ids]);

/** The code of the warehouse whose id is `idColumn`, as a value (e.g. for `sqlVisible`). */
export const warehouseCodeOf = (idColumn: string) => `(SELECT code FROM warehouse w WHERE w.id = ${idColumn})`;
