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

/** The SQL for each column of MaterialRow (table alias m). */
const MATERIAL_COLUMN: Record<keyof MaterialRow, string> = {
  id: "m.id",
  code: "m.code",
  name: "m.name",
  description: "m.description",
  uomCode: `m.uom_code AS "uomCode"`,
  type: "m.type",
  leadTimeDays: `m.lead_time_days AS "leadTimeDays"`,
  lotSizing: `m.lot_sizing AS "lotSizing"`,
  lotSizeFixed: `m.lot_size_fixed AS "lotSizeFixed"`,
  lotSizeMin: `m.lot_size_min AS "lotSizeMin"`,
  lotSizeMultiple: `m.lot_size_multiple AS "lotSizeMultiple"`,
  lotSizeMax: `m.lot_size_max AS "lotSizeMax"`,
  periodsOfSupply: `m.periods_of_supply AS "periodsOfSupply"`,
  safetyStock: `m.safety_stock AS "safetyStock"`,
  abcClass: `m.abc_class AS "abcClass"`,
  xyzClass: `m.xyz_class AS "xyzClass"`,
  classifiedAt: `m.classified_at AS "classifiedAt"`,
  lotTracked: `m.lot_tracked AS "lotTracked"`,
  unitWeight: `m.unit_weight AS "unitWeight"`,
  buyer: "m.buyer",
  lowLevelCode: `m.low_level_code AS "lowLevelCode"`,
  archivedAt: `m.archived_at AS "archivedAt"`,
  version: "m.version",
  createdAt: `m.created_at AS "createdAt"`,
  createdBy: `m.created_by AS "createdBy"`,
  updatedAt: `m.updated_at AS "updatedAt"`,
  updatedBy: `m.updated_by AS "updatedBy"`,
};

export const MATERIAL_COLUMNS = Object.values(MATERIAL_COLUMN).join(", ");

export interface MaterialFilter {
  /** case-insensitive substring of code or name */
  search?: string;
  type?: MaterialType;
  abcClass?: AbcClass;
  includeArchived?: boolean;
}

/** A page of materials in id order after `afterId`, plus how to count the filtered total (when asked for). */
export async function findMaterials(sql: Sql, filter: MaterialFilter, afterId: number, limit: number) {
  const where: string[] = [];
  const params: unknown[] = [];
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
  const filtered = where.length ? `WHERE ${where.join(" AND ")}` : "";
  const pageParams = [...params, afterId, limit + 1];
  const pageWhere = `${filtered ? `${filtered} AND` : "WHERE"} m.id > $${params.length + 1}`;
  const rows = await sql.query<MaterialRow>(`SELECT ${MATERIAL_COLUMNS} FROM material m ${pageWhere} ORDER BY m.id LIMIT $${params.length + 2}`, pageParams);
  const total = async () => (await sql.query<{ total: number }>(`SELECT count(*)::int AS total FROM material m ${filtered}`, params))[0].total;
  return { rows: rows.slice(0, limit), hasNextPage: rows.length > limit, total };
}

export async function materialsByIds(sql: Sql, ids: readonly number[]): Promise<MaterialRow[]> {
  return sql.query<MaterialRow>(`SELECT ${MATERIAL_COLUMNS} FROM material m WHERE m.id = ANY($1::int[])`, [ids]);
}

export async function materialsByCodes(sql: Sql, codes: readonly string[]): Promise<MaterialRow[]> {
  return sql.query<MaterialRow>(`SELECT ${MATERIAL_COLUMNS} FROM material m WHERE m.code = ANY($1::text[])`, [codes]);
}

/** The select list for some columns of MaterialRow (table alias m). */
export const materialSelectList = (columns: readonly (keyof MaterialRow)[]) => columns.map((c) => MATERIAL_COLUMN[c]).join(", ");

/** Only the given columns of many materials, for reads that show a few fields of many rows (look-ahead). */
export async function materialColumnsByIds<K extends keyof MaterialRow>(sql: Sql, ids: readonly number[], columns: readonly K[]) {
  return sql.query<Pick<MaterialRow, K>>(`SELECT ${materialSelectList(columns)} FROM material m WHERE m.id = ANY($1::int[])`, [ids]);
}

/**
 * The live materials as MRP plans them (alias m), with their unit's precision; `extra` adds the planning
 * read's own columns and joins (its usable stock), so that the load stays one statement.
 */
export const planningMaterialsSql = (extra: { columns: string; joins: string }) =>
  `SELECT m.id, m.code, m.type, m.lead_time_days AS "leadTimeDays", m.lot_sizing AS "lotSizing",
          m.lot_size_fixed::text AS "lotSizeFixed", m.lot_size_min::text AS "lotSizeMin",
          m.lot_size_multiple::text AS "lotSizeMultiple", m.lot_size_max::text AS "lotSizeMax",
          m.periods_of_supply AS "periodsOfSupply", m.safety_stock::text AS "safetyStock", u.precision, ${extra.columns}
     FROM material m ${unitJoin("u", "m.uom_code")}
     ${extra.joins}
    WHERE m.archived_at IS NULL`;

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
