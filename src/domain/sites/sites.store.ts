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

export async function warehouseByCode(tx: Tx, code: string): Promise<WarehouseRow | null> {
  const [row] = await tx.query<WarehouseRow>(`SELECT ${W} FROM warehouse WHERE code = $1`, [code]);
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

/** Devices placed at the location (they would point nowhere). */
export async function locationHasDevices(tx: Tx, id: number): Promise<boolean> {
  return (await tx.query(`SELECT 1 FROM device WHERE location_id = $1 LIMIT 1`, [id])).length > 0;
}

export function locationsByIds(tx: Tx, ids: readonly number[]): Promise<LocationRow[]> {
  return tx.query<LocationRow>(`SELECT ${L} FROM location WHERE id = ANY($1::int[])`, [ids]);
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

/** Locations of these warehouses, each with its warehouse's code. */
export function locationsOfWarehouses(tx: Tx, warehouseCodes: readonly string[]): Promise<(LocationRow & { warehouseCode: string })[]> {
  return tx.query<LocationRow & { warehouseCode: string }>(
    `SELECT ${locationColumns("l.")}, w.code AS "warehouseCode" FROM location l JOIN warehouse w ON w.id = l.warehouse_id WHERE w.code = ANY($1::text[])`,
    [warehouseCodes],
  );
}
