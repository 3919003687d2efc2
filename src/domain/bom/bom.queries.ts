import type { Sql } from "../../db/database";
import { materialSelectList, type MaterialRow } from "../materials/material.queries";
import { materialJoin } from "../materials/material.store";
import { Decimal } from "../shared/quantity";
import type { MrpBomLine } from "../mrp";
import type { BomEdge } from "./explode-bom";

export interface BomLineRow {
  id: number;
  bomId: number;
  parentId: number;
  position: number;
  componentId: number;
  quantityPer: string;
  scrapPct: string;
  operationSeq: number | null;
  validFrom: Date | null;
  validTo: Date | null;
  baseQuantity: string;
}

/** The SQL of each field of BomLineRow (aliases: b bom, l bom_line). */
const LINE_COLUMN: Record<keyof BomLineRow, string> = {
  id: "l.id",
  bomId: "l.bom_id",
  parentId: "b.material_id",
  position: "l.position",
  componentId: "l.component_id",
  quantityPer: "l.quantity_per",
  scrapPct: "l.scrap_pct",
  operationSeq: "l.operation_seq",
  validFrom: "l.valid_from",
  validTo: "l.valid_to",
  baseQuantity: "b.base_quantity",
};
export const lineColumn = (field: keyof BomLineRow) => LINE_COLUMN[field];
const selectItem = (field: keyof BomLineRow) => (LINE_COLUMN[field] === `l.${field}` ? LINE_COLUMN[field] : `${LINE_COLUMN[field]} AS "${field}"`);
const LINE_COLUMNS = (Object.keys(LINE_COLUMN) as (keyof BomLineRow)[]).map(selectItem).join(", ");

const VALID_AT = (p: string) => `(l.valid_from IS NULL OR l.valid_from <= ${p}) AND (l.valid_to IS NULL OR l.valid_to > ${p})`;

export const toEdge = (r: BomLineRow): BomEdge => ({
  parentId: r.parentId,
  componentId: r.componentId,
  quantityPer: new Decimal(r.quantityPer),
  scrapPct: new Decimal(r.scrapPct),
  baseQuantity: new Decimal(r.baseQuantity),
  operationSeq: r.operationSeq,
});

const LINES_OF_PARENTS = (select: string, join = "") =>
  `SELECT ${select} FROM bom b JOIN bom_line l ON l.bom_id = b.id ${join} WHERE b.material_id = ANY($1::int[]) ORDER BY ${LINE_ORDER}`;

/** The order of a BOM's lines, as every read lists them. */
export const LINE_ORDER = "l.position";

/** `FROM … WHERE …` of the lines of the parents the subquery `parentIds` selects (aliases b, l), `join` joined to them. */
export const linesOfParentsWhere = (parentIds: string, join = "") => `FROM bom b JOIN bom_line l ON l.bom_id = b.id ${join} WHERE b.material_id IN (${parentIds})`;

/** BOM lines of many parents at once (DataLoader batch), in position order. */
export function linesOfParents(sql: Sql, parentIds: readonly number[]): Promise<BomLineRow[]> {
  return sql.query<BomLineRow>(LINES_OF_PARENTS(LINE_COLUMNS), [parentIds]);
}

/** The same lines with only the given columns (look-ahead reads). */
export function lineColumnsOfParents<K extends keyof BomLineRow>(sql: Sql, parentIds: readonly number[], columns: readonly K[]) {
  return sql.query<Pick<BomLineRow, K>>(LINES_OF_PARENTS(columns.map(selectItem).join(", ")), [parentIds]);
}

/**
 * The same lines, each row also carrying the given columns of the line's component — one statement for
 * two levels of a nested read. The component's `id` is the line's `componentId` (the only shared name).
 */
export function lineColumnsWithComponentOfParents<K extends keyof BomLineRow, M extends keyof MaterialRow>(
  sql: Sql,
  parentIds: readonly number[],
  lineColumns: readonly K[],
  componentColumns: readonly M[],
) {
  const select = [...lineColumns.map(selectItem), materialSelectList(componentColumns.filter((c) => c !== "id"))].filter(Boolean).join(", ");
  return sql.query<Pick<BomLineRow, K> & Pick<MaterialRow, Exclude<M, "id">>>(LINES_OF_PARENTS(select, materialJoin("m", "l.component_id")), [parentIds]);
}

/** Every line below `rootId`, all levels, valid at `asOf`: one recursive query. */
export function linesBelow(sql: Sql, rootId: number, asOf: Date): Promise<BomLineRow[]> {
  return sql.query<BomLineRow>(
    `WITH RECURSIVE below(material_id) AS (
       SELECT $1::int
       UNION
       SELECT l.component_id FROM below JOIN bom b ON b.material_id = below.material_id JOIN bom_line l ON l.bom_id = b.id
        WHERE ${VALID_AT("$2")})
     SELECT ${LINE_COLUMNS} FROM below JOIN bom b ON b.material_id = below.material_id JOIN bom_line l ON l.bom_id = b.id
      WHERE ${VALID_AT("$2")} ORDER BY l.position`,
    [rootId, asOf],
  );
}

/** Every line above `componentId`, all levels, valid at `asOf`. */
export function linesAbove(sql: Sql, componentId: number, asOf: Date): Promise<BomLineRow[]> {
  return sql.query<BomLineRow>(
    `WITH RECURSIVE above(material_id) AS (
       SELECT $1::int
       UNION
       SELECT b.material_id FROM above JOIN bom_line l ON l.component_id = above.material_id JOIN bom b ON b.id = l.bom_id
        WHERE ${VALID_AT("$2")})
     SELECT ${LINE_COLUMNS} FROM above JOIN bom_line l ON l.component_id = above.material_id JOIN bom b ON b.id = l.bom_id
      WHERE ${VALID_AT("$2")} ORDER BY b.material_id, l.position`,
    [componentId, asOf],
  );
}

export interface BomRow {
  id: number;
  materialId: number;
  revision: number;
  baseQuantity: string;
  updatedAt: Date;
  updatedBy: string;
}

export const bomsOfMaterials = (sql: Sql, materialIds: readonly number[]) =>
  sql.query<BomRow>(
    `SELECT id, material_id AS "materialId", revision, base_quantity AS "baseQuantity", updated_at AS "updatedAt", updated_by AS "updatedBy"
       FROM bom WHERE material_id = ANY($1::int[])`,
    [materialIds],
  );

/** Every line valid at `asOf` of a live parent's BOM, as MRP plans with it (decimals as exact text). */
export function planningBomLines(sql: Sql, asOf: Date): Promise<MrpBomLine[]> {
  return sql.query<MrpBomLine>(
    `SELECT b.material_id AS "parentId", l.component_id AS "componentId", l.quantity_per::text AS "quantityPer",
            b.base_quantity::text AS "baseQuantity",
            l.scrap_pct::text AS "scrapPct"
       FROM bom b JOIN bom_line l ON l.bom_id = b.id ${materialJoin("p", "b.material_id")}
      WHERE p.archived_at IS NULL AND ${VALID_AT("$1")}`,
    [asOf],
  );
}
