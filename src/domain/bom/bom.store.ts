import type { Tx } from "../../db/transaction";
import { materialJoin } from "../materials/material.store";
import { unitJoin } from "../units/units.store";

/** SQL of the BOM area for transactions shared with other areas: substitutes and BOM membership. */
export interface SubstituteRow {
  id: number; materialId: number; substituteId: number; substituteCode: string; priority: number; ratio: string;
  validFrom: Date | null; validTo: Date | null; productId: number | null; productCode: string | null;
}

const SUB = `s.id, s.material_id AS "materialId", s.substitute_id AS "substituteId", sm.code AS "substituteCode", s.priority, s.ratio::text AS ratio,
  s.valid_from AS "validFrom", s.valid_to AS "validTo", s.product_id AS "productId", p.code AS "productCode"`;
const SUB_FROM = `substitute s ${materialJoin("sm", "s.substitute_id")} ${materialJoin("p", "s.product_id", "LEFT JOIN")}`;

export async function isInBom(tx: Tx, productId: number, componentId: number): Promise<boolean> {
  return (await tx.query(`SELECT 1 FROM bom b JOIN bom_line l ON l.bom_id = b.id WHERE b.material_id = $1 AND l.component_id = $2 LIMIT 1`, [productId, componentId])).length > 0;
}

/** The materials whose BOM has the component (archived ones too). */
export async function bomParentsOf(tx: Tx, componentId: number): Promise<number[]> {
  const rows = await tx.query<{ id: number }>(`SELECT DISTINCT b.material_id AS id FROM bom b JOIN bom_line l ON l.bom_id = b.id WHERE l.component_id = $1`, [componentId]);
  return rows.map((r) => r.id);
}

/** The components of the material's BOM (all its lines, whatever their validity), ids. */
export async function bomComponentsOf(tx: Tx, parentId: number): Promise<number[]> {
  const rows = await tx.query<{ id: number }>(`SELECT DISTINCT l.component_id AS id FROM bom b JOIN bom_line l ON l.bom_id = b.id WHERE b.material_id = $1`, [parentId]);
  return rows.map((r) => r.id);
}

export async function upsertSubstitute(
  tx: Tx,
  v: { materialId: number; substituteId: number; priority: number; ratio: string; validFrom: Date | null; validTo: Date | null; productId: number | null },
): Promise<boolean> {
  const [row] = await tx.query<{ created: boolean }>(
    `INSERT INTO substitute (material_id, substitute_id, priority, ratio, valid_from, valid_to, product_id) VALUES ($1, $2, $3, $4::numeric, $5, $6, $7)
     ON CONFLICT (material_id, substitute_id) DO UPDATE SET priority = EXCLUDED.priority, ratio = EXCLUDED.ratio, valid_from = EXCLUDED.valid_from,
       valid_to = EXCLUDED.valid_to, product_id = EXCLUDED.product_id
     RETURNING (xmax = 0) AS created`,
    [v.materialId, v.substituteId, v.priority, v.ratio, v.validFrom, v.validTo, v.productId],
  );
  return row.created;
}

export async function substituteOf(tx: Tx, materialId: number, substituteId: number): Promise<SubstituteRow | null> {
  const [row] = await tx.query<SubstituteRow>(`SELECT ${SUB} FROM ${SUB_FROM} WHERE s.material_id = $1 AND s.substitute_id = $2`, [materialId, substituteId]);
  return row ?? null;
}

/**
 * The chain of substitutes leading from `fromId` back to `toId`, as material codes (`fromId`'s first, `toId`'s
 * last), if there is one: making `fromId` a substitute of `toId` would then close a loop (A for B for A).
 */
export async function substitutePath(tx: Tx, fromId: number, toId: number): Promise<string[] | null> {
  const [row] = await tx.query<{ codes: string[] }>(
    `WITH RECURSIVE walk(id, path) AS (
       SELECT $1::int, ARRAY[$1::int]
       UNION ALL
       SELECT s.substitute_id, walk.path || s.substitute_id FROM walk JOIN substitute s ON s.material_id = walk.id
        WHERE NOT s.substitute_id = ANY(walk.path) AND array_length(walk.path, 1) < 100),
     found AS (SELECT path FROM walk WHERE id = $2 ORDER BY array_length(path, 1) LIMIT 1)
     SELECT array_agg(m.code ORDER BY u.ord) AS codes FROM found, unnest(found.path) WITH ORDINALITY AS u(id, ord) ${materialJoin("m", "u.id")}
     HAVING count(*) > 0`,
    [fromId, toId],
  );
  return row?.codes ?? null;
}

export async function deleteSubstitute(tx: Tx, materialId: number, substituteId: number): Promise<boolean> {
  return (await tx.query(`DELETE FROM substitute WHERE material_id = $1 AND substitute_id = $2 RETURNING id`, [materialId, substituteId])).length > 0;
}

export function substitutesOfMaterials(tx: Tx, materialIds: readonly number[]): Promise<SubstituteRow[]> {
  return tx.query<SubstituteRow>(`SELECT ${SUB} FROM ${SUB_FROM} WHERE s.material_id = ANY($1::int[]) ORDER BY s.material_id, s.priority, sm.code`, [materialIds]);
}

export interface BomRecord { id: number; materialId: number; revision: number; baseQuantity: string; createdAt: Date; createdBy: string; updatedAt: Date; updatedBy: string }
export interface BomLineWrite { componentId: number; quantityPer: string; scrapPct: string; operationSeq: number | null; validFrom: Date | null; validTo: Date | null }

/** Creates the parent's BOM or replaces its lines (a new revision); lines take their positions in order. */
export async function writeBom(tx: Tx, parentId: number, baseQuantity: string, lines: readonly BomLineWrite[], by: string): Promise<BomRecord> {
  const [bom] = await tx.query<BomRecord>(
    `INSERT INTO bom (material_id, base_quantity, created_by, updated_by) VALUES ($1, $2::numeric, $3, $3)
     ON CONFLICT (material_id) DO UPDATE SET base_quantity = EXCLUDED.base_quantity, revision = bom.revision + 1, updated_by = EXCLUDED.updated_by, updated_at = now()
     RETURNING id, material_id AS "materialId", revision, base_quantity::text AS "baseQuantity", created_at AS "createdAt", created_by AS "createdBy",
               updated_at AS "updatedAt", updated_by AS "updatedBy"`,
    [parentId, baseQuantity, by],
  );
  await tx.query(`DELETE FROM bom_line WHERE bom_id = $1`, [bom.id]);
  await tx.query(
    `INSERT INTO bom_line (bom_id, position, component_id, quantity_per, scrap_pct, operation_seq, valid_from, valid_to)
     SELECT $1, p, c, q, s, o, vf, vt FROM unnest($2::int[], $3::int[], $4::numeric[], $5::numeric[], $6::int[], $7::timestamp[], $8::timestamp[]) AS u(p, c, q, s, o, vf, vt)`,
    [bom.id, lines.map((_, i) => i + 1), lines.map((l) => l.componentId), lines.map((l) => l.quantityPer), lines.map((l) => l.scrapPct), lines.map((l) => l.operationSeq),
      lines.map((l) => l.validFrom?.toISOString() ?? null), lines.map((l) => l.validTo?.toISOString() ?? null)],
  );
  return bom;
}

/** A line of a product's BOM as a work order reads it, with what the order needs of its component. */
export interface OrderBomLine {
  componentId: number; componentCode: string; quantityPer: string; scrapPct: string; baseQuantity: string; operationSeq: number | null;
  /** the line's place in the BOM */
  position: number;
  /** decimals of the component's unit */
  precision: number;
  hasSafetyStock: boolean;
}

/** The query of the OrderBomLines of the product `productId` (an SQL expression) valid now, in position order. */
export const linesValidNowSql = (productId: string) =>
  `SELECT l.component_id AS "componentId", c.code AS "componentCode", l.quantity_per::text AS "quantityPer", l.scrap_pct::text AS "scrapPct",
          b.base_quantity::text AS "baseQuantity", l.operation_seq AS "operationSeq", u.precision, c.safety_stock > 0 AS "hasSafetyStock", l.position
     FROM bom b JOIN bom_line l ON l.bom_id = b.id ${materialJoin("c", "l.component_id")} ${unitJoin("u", "c.uom_code")}
    WHERE b.material_id = ${productId} AND (l.valid_from IS NULL OR l.valid_from <= now()) AND (l.valid_to IS NULL OR l.valid_to > now())
    ORDER BY l.position`;

export interface ValidSubstitute {
  materialId: number; substituteId: number; substituteCode: string; ratio: string;
  /** decimals of the substitute's unit */
  precision: number;
  hasSafetyStock: boolean;
}

/** The substitutes of these materials valid now, for any product or for `productId`, by material then priority. */
export function substitutesValidNow(tx: Tx, materialIds: readonly number[], productId: number): Promise<ValidSubstitute[]> {
  return tx.query<ValidSubstitute>(
    `SELECT s.material_id AS "materialId", s.substitute_id AS "substituteId", m.code AS "substituteCode", s.ratio::text AS ratio,
            u.precision, m.safety_stock > 0 AS "hasSafetyStock"
       FROM substitute s ${materialJoin("m", "s.substitute_id")} ${unitJoin("u", "m.uom_code")}
      WHERE s.material_id = ANY($1::int[]) AND (s.valid_from IS NULL OR s.valid_from <= now()) AND (s.valid_to IS NULL OR s.valid_to > now())
        AND (s.product_id IS NULL OR s.product_id = $2)
      ORDER BY s.material_id, s.priority`,
    [materialIds, productId],
  );
}
