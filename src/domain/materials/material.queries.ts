import type { Sql } from "../../db/database";
import type { AbcClass, LotSizingPolicy, MaterialType } from "./material.validation";

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
  lotTracked: boolean;
  lowLevelCode: number;
  archivedAt: Date | null;
  version: number;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  updatedBy: string;
}

export const MATERIAL_COLUMNS = `m.id, m.code, m.name, m.description, m.uom_code AS "uomCode", m.type, m.lead_time_days AS "leadTimeDays",
  m.lot_sizing AS "lotSizing", m.lot_size_fixed AS "lotSizeFixed", m.lot_size_min AS "lotSizeMin",
  m.lot_size_multiple AS "lotSizeMultiple", m.lot_size_max AS "lotSizeMax", m.periods_of_supply AS "periodsOfSupply",
  m.safety_stock AS "safetyStock", m.abc_class AS "abcClass", m.lot_tracked AS "lotTracked", m.low_level_code AS "lowLevelCode",
  m.archived_at AS "archivedAt", m.version, m.created_at AS "createdAt", m.created_by AS "createdBy",
  m.updated_at AS "updatedAt", m.updated_by AS "updatedBy"`;

export interface MaterialFilter {
  /** case-insensitive substring of code or name */
  search?: string;
  type?: MaterialType;
  abcClass?: AbcClass;
  includeArchived?: boolean;
}

/** A page of materials in id order after `afterId`, plus the filtered total. */
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
  const [rows, [{ total }]] = await Promise.all([
    sql.query<MaterialRow>(`SELECT ${MATERIAL_COLUMNS} FROM material m ${pageWhere} ORDER BY m.id LIMIT $${params.length + 2}`, pageParams),
    sql.query<{ total: number }>(`SELECT count(*)::int AS total FROM material m ${filtered}`, params),
  ]);
  return { rows: rows.slice(0, limit), hasNextPage: rows.length > limit, total };
}

export async function materialsByIds(sql: Sql, ids: readonly number[]): Promise<MaterialRow[]> {
  return sql.query<MaterialRow>(`SELECT ${MATERIAL_COLUMNS} FROM material m WHERE m.id = ANY($1::int[])`, [ids]);
}

export async function materialsByCodes(sql: Sql, codes: readonly string[]): Promise<MaterialRow[]> {
  return sql.query<MaterialRow>(`SELECT ${MATERIAL_COLUMNS} FROM material m WHERE m.code = ANY($1::text[])`, [codes]);
}

export interface UnitRow {
  code: string;
  name: string;
  precision: number;
}

export const unitsByCodes = (sql: Sql, codes: readonly string[]) =>
  sql.query<UnitRow>(`SELECT code, name, precision FROM unit_of_measure WHERE code = ANY($1::text[])`, [codes]);
