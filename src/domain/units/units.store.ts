import type { Tx } from "../../db/transaction";

/** The only file whose SQL names unit_of_measure. */
export interface UnitRow { code: string; name: string; precision: number }

export async function unitByCode(tx: Tx, code: string): Promise<UnitRow | null> {
  const [row] = await tx.query<UnitRow>(`SELECT code, name, precision FROM unit_of_measure WHERE code = $1`, [code]);
  return row ?? null;
}

export async function lockUnit(tx: Tx, code: string): Promise<UnitRow | null> {
  const [row] = await tx.query<UnitRow>(`SELECT code, name, precision FROM unit_of_measure WHERE code = $1 FOR UPDATE`, [code]);
  return row ?? null;
}

/** Inserts the unit unless its code exists; null when it did. */
export async function insertUnit(tx: Tx, u: UnitRow): Promise<UnitRow | null> {
  const [row] = await tx.query<UnitRow>(
    `INSERT INTO unit_of_measure (code, name, precision) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING RETURNING code, name, precision`,
    [u.code, u.name, u.precision],
  );
  return row ?? null;
}

export async function updateUnit(tx: Tx, u: UnitRow): Promise<UnitRow> {
  const [row] = await tx.query<UnitRow>(`UPDATE unit_of_measure SET name = $2, precision = $3 WHERE code = $1 RETURNING code, name, precision`, [u.code, u.name, u.precision]);
  return row;
}

export const allUnits = (tx: Tx) => tx.query<UnitRow>(`SELECT code, name, precision FROM unit_of_measure ORDER BY code`);

/** `JOIN unit_of_measure <alias> ON <alias>.code = <codeExpr>`: for other areas' reads that need a unit's precision in the same statement. */
export const unitJoin = (alias: string, codeExpr: string) => `JOIN unit_of_measure ${alias} ON ${alias}.code = ${codeExpr}`;
/** `FROM unit_of_measure <alias> WHERE <alias>.code = <codeExpr>`: the unit of a code, for a subquery of another area's read. */
export const unitOfCodeWhere = (alias: string, codeExpr: string) => `FROM unit_of_measure ${alias} WHERE ${alias}.code = ${codeExpr}`;
export const unitsByCodes = (tx: Tx, codes: readonly string[]) =>
  tx.query<UnitRow>(`SELECT code, name, precision FROM unit_of_measure WHERE code = ANY($1::text[])`, [codes]);

