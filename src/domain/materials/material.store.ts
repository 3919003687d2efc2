import type { Tx } from "../../db/transaction";

/** SQL of the materials area for transactions shared with other areas (material lookups, alternative units). */
export interface MaterialKey { id: number; code: string; uomCode: string; precision: number; type: "MAKE" | "BUY"; archived: boolean }
export interface MaterialUnitRow { id: number; materialId: number; uomCode: string; factor: string; precision: number }

export async function materialKeyByCode(tx: Tx, code: string): Promise<MaterialKey | null> {
  const [m] = await tx.query<MaterialKey>(
    `SELECT m.id, m.code, m.uom_code AS "uomCode", u.precision, m.type::text AS type, m.archived_at IS NOT NULL AS archived
       FROM material m JOIN unit_of_measure u ON u.code = m.uom_code WHERE m.code = $1`,
    [code],
  );
  return m ?? null;
}

export async function materialKeysByCodes(tx: Tx, codes: string[]): Promise<MaterialKey[]> {
  return tx.query<MaterialKey>(
    `SELECT m.id, m.code, m.uom_code AS "uomCode", u.precision, m.type::text AS type, m.archived_at IS NOT NULL AS archived
       FROM material m JOIN unit_of_measure u ON u.code = m.uom_code WHERE m.code = ANY($1::text[])`,
    [codes],
  );
}

const UNIT_COLUMNS = `mu.id, mu.material_id AS "materialId", mu.uom_code AS "uomCode", mu.factor::text AS factor, u.precision`;

export async function materialUnit(tx: Tx, materialId: number, uomCode: string): Promise<MaterialUnitRow | null> {
  const [row] = await tx.query<MaterialUnitRow>(
    `SELECT ${UNIT_COLUMNS} FROM material_unit mu JOIN unit_of_measure u ON u.code = mu.uom_code WHERE mu.material_id = $1 AND mu.uom_code = $2`,
    [materialId, uomCode],
  );
  return row ?? null;
}

export function materialUnits(tx: Tx, materialIds: readonly number[]): Promise<MaterialUnitRow[]> {
  return tx.query<MaterialUnitRow>(
    `SELECT ${UNIT_COLUMNS} FROM material_unit mu JOIN unit_of_measure u ON u.code = mu.uom_code WHERE mu.material_id = ANY($1::int[]) ORDER BY mu.material_id, mu.uom_code`,
    [materialIds],
  );
}

/** Creates or changes the conversion; true when it was created. */
export async function upsertMaterialUnit(tx: Tx, materialId: number, uomCode: string, factor: string): Promise<boolean> {
  const [row] = await tx.query<{ created: boolean }>(
    `INSERT INTO material_unit (material_id, uom_code, factor) VALUES ($1, $2, $3::numeric)
     ON CONFLICT (material_id, uom_code) DO UPDATE SET factor = EXCLUDED.factor RETURNING (xmax = 0) AS created`,
    [materialId, uomCode, factor],
  );
  return row.created;
}

export async function deleteMaterialUnit(tx: Tx, materialId: number, uomCode: string): Promise<boolean> {
  return (await tx.query(`DELETE FROM material_unit WHERE material_id = $1 AND uom_code = $2 RETURNING id`, [materialId, uomCode])).length > 0;
}

export interface MaterialSummary { id: number; code: string; abcClass: string | null; lotTracked: boolean }

export function materialSummaries(tx: Tx, ids: readonly number[]): Promise<MaterialSummary[]> {
  return tx.query<MaterialSummary>(`SELECT id, code, abc_class::text AS "abcClass", lot_tracked AS "lotTracked" FROM material WHERE id = ANY($1::int[])`, [ids]);
}
