import type { Sql } from "../../db/database";
import { unitJoin } from "../units/units.store";
import type { AbcClass, LotSizingPolicy, MaterialType, XyzClass } from "./material.validation";

/** A material as read (decimals as exact strings). Prisma's Material has the same field names. */
export interface MaterialRow {
  id: number;
  code: string;
  name: string;
  description: string | null;
  uomCode: string;
  type: MaterialType;
  leadTimeDays: number;
  lotSizing: LotSizingPolicy;
  lotSizeFixed: unknown;
  lotSizeMin: unknown;
  lotSizeMultiple: unknown;
  lotSizeMax: unknown;
  periodsOfSupply: number | null;
  safetyStock: unknown;
  abcClass: AbcClass | null;
  xyzClass: XyzClass | null;
  classifiedAt: Date | null;
  lotTracked: boolean;
  unitWeight: unknown;
  buyer: string | null;
  lowLevelCode: number;
  archivedAt: Date | null;
  version: number;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  updatedBy: string;
}

/** The column of each field of MaterialRow. */
const MATERIAL_COLUMN_NAME: Record<keyof MaterialRow, string> = {
  id: "id",
  code: "code",
  name: "name",
  description: "description",
  uomCode: "uom_code",
  type: "type",
  leadTimeDays: "lead_time_days",
  lotSizing: "lot_sizing",
  lotSizeFixed: "lot_size_fixed",
  lotSizeMin: "lot_size_min",
  lotSizeMultiple: "lot_size_multiple",
  lotSizeMax: "lot_size_max",
  periodsOfSupply: "periods_of_supply",
  safetyStock: "safety_stock",
  abcClass: "abc_class",
  xyzClass: "xyz_class",
  classifiedAt: "classified_at",
  lotTracked: "lot_tracked",
  unitWeight: "unit_weight",
  buyer: "buyer",
  lowLevelCode: "low_level_code",
  archivedAt: "archived_at",
  version: "version",
  createdAt: "created_at",
  createdBy: "created_by",
  updatedAt: "updated_at",
  updatedBy: "updated_by",
};

/** The SQL of a MaterialRow field for the material row aliased `alias`. */
export const materialColumn = (alias: string, field: keyof MaterialRow) => `${alias}.${MATERIAL_COLUMN_NAME[field]}`;

/** The select item of each field (table alias m). */
const selectItem = (field: keyof MaterialRow) => (MATERIAL_COLUMN_NAME[field] === field ? `m.${field}` : `m.${MATERIAL_COLUMN_NAME[field]} AS "${field}"`);

export const MATERIAL_COLUMNS = (Object.keys(MATERIAL_COLUMN_NAME) as (keyof MaterialRow)[]).map(selectItem).join(", ");

export interface MaterialFilter {
  /** case-insensitive substring of code or name */
  search?: string;
  type?: MaterialType;
  abcClass?: AbcClass;
  includeArchived?: boolean;
}

/** The conditions of a filter on materials (alias m), its values appended to `params`. */
export function materialFilterConditions(filter: MaterialFilter, params: unknown[]): string[] {
  const where: string[] = [];
  if (!filter.includeArchived) where.push("m.archived_at IS NULL");
  if (filter.search) {
    params.push(`%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where.push(`(m.code ILIKE $${params.length} OR m.name ILIKE $${params.length})`);
  }
  if (filter.type) {
    params.push(filter.type);
    where.push(`m.type = $${params.length}::"MaterialType"`);
  }
  if (filter.abcClass) {
    params.push(filter.abcClass);
    where.push(`m.abc_class = $${params.length}::"AbcClass"`);
  }
  return where;
}

/** `FROM material m WHERE …` with these conditions (from materialFilterConditions and the page's own). */
export const materialsWhere = (conditions: readonly string[]) => `FROM material m${conditions.length ? ` WHERE ${conditions.join(" AND ")}` : ""}`;

/** A page of materials in id order after `afterId`, plus how to count the filtered total (when asked for). */
export async function findMaterials(sql: Sql, filter: MaterialFilter, afterId: number, limit: number) {
  const params: unknown[] = [];
  const where = materialFilterConditions(filter, params);
  const pageParams = [...params, afterId, limit + 1];
  const rows = await sql.query<MaterialRow>(
    `SELECT ${MATERIAL_COLUMNS} ${materialsWhere([...where, `m.id > $${params.length + 1}`])} ORDER BY m.id LIMIT $${params.length + 2}`,
    pageParams,
  );
  const total = async () => (await sql.query<{ total: number }>(`SELECT count(*)::int AS total ${materialsWhere(where)}`, params))[0].total;
  return { rows: rows.slice(0, limit), hasNextPage: rows.length > limit, total };
}

export async function materialsByIds(sql: Sql, ids: readonly number[]): Promise<MaterialRow[]> {
  return sql.query<MaterialRow>(`SELECT ${MATERIAL_COLUMNS} FROM material m WHERE m.id = ANY($1::int[])`, [ids]);
}

export async function materialsByCodes(sql: Sql, codes: readonly string[]): Promise<MaterialRow[]> {
  return sql.query<MaterialRow>(`SELECT ${MATERIAL_COLUMNS} FROM material m WHERE m.code = ANY($1::text[])`, [codes]);
}

/** The select list for some columns of MaterialRow (table alias m). */
export const materialSelectList = (columns: readonly (keyof MaterialRow)[]) => columns.map(selectItem).join(", ");

/** Only the given columns of many materials, for reads that show a few fields of many rows (look-ahead). */
export async function materialColumnsByIds<K extends keyof MaterialRow>(sql: Sql, ids: readonly number[], columns: readonly K[]) {
  return sql.query<Pick<MaterialRow, K>>(`SELECT ${materialSelectList(columns)} FROM material m WHERE m.id = ANY($1::int[])`, [ids]);
}

/**
 * The live materials as MRP plans them (alias m), with their unit's precision; `extra` adds the planning
 * read's own columns and joins (its usable stock), so that the load stays one statement.
 */
export const planningMaterialsSql = (extra: { columns: string; joins: string; where?: string }) =>
  `SELECT m.id, m.code, m.type, m.lead_time_days AS "leadTimeDays", m.lot_sizing AS "lotSizing",
          m.lot_size_fixed::text AS "lotSizeFixed", m.lot_size_min::text AS "lotSizeMin",
          m.lot_size_multiple::text AS "lotSizeMultiple", m.lot_size_max::text AS "lotSizeMax",
          m.periods_of_supply AS "periodsOfSupply", m.safety_stock::text AS "safetyStock", u.precision, ${extra.columns}
     FROM material m ${unitJoin("u", "m.uom_code")}
     ${extra.joins}
    WHERE m.archived_at IS NULL${extra.where ? ` AND ${extra.where}` : ""}`;

/** Which of these ids are live (not archived) materials. */
export async function liveMaterialIds(sql: Sql, ids: readonly number[]): Promise<number[]> {
  return (await sql.query<{ id: number }>(`SELECT m.id FROM material m WHERE m.id = ANY($1::int[]) AND m.archived_at IS NULL`, [ids])).map((m) => m.id);
}

/** A material as events name it (by id or code), with its buyer. */
export interface MaterialBuyer { id: number; code: string; buyer: string | null }

/** The materials of these ids or codes, with their buyers (unknown ones are missing). */
export function materialBuyers(sql: Sql, ids: readonly number[], codes: readonly string[]): Promise<MaterialBuyer[]> {
  return sql.query<MaterialBuyer>(`SELECT m.id, m.code, m.buyer FROM material m WHERE m.id = ANY($1::int[]) OR m.code = ANY($2::text[])`, [ids, codes]);
}

/** Whether some live material has this buyer. */
export async function buyerExists(sql: Sql, buyer: string): Promise<boolean> {
  return (await sql.query(`SELECT 1 FROM material m WHERE m.buyer = $1 AND m.archived_at IS NULL LIMIT 1`, [buyer])).length > 0;
}
