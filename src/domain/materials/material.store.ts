import type { Principal } from "../../auth/principal";
import type { Tx } from "../../db/transaction";
import { writeAudits } from "../security/audit";
import { auditRowsSql } from "../security/audit.store";
import { conflict } from "../shared/domain-error";
import { unitJoin } from "../units/units.store";
import type { MaterialRecord, MaterialWrite, StoredMaterial } from "./material.bulk";
import { MATERIAL_COLUMNS, type MaterialRow } from "./material.queries";
import type { AbcClass, MaterialFields, XyzClass } from "./material.validation";

/** SQL of the materials area for commands and for transactions shared with other areas (lookups, alternative units). */
export interface MaterialKey { id: number; code: string; uomCode: string; precision: number; type: "MAKE" | "BUY"; archived: boolean }
export interface MaterialUnitRow { id: number; materialId: number; uomCode: string; factor: string; precision: number }

const KEY_COLUMNS = `m.id, m.code, m.uom_code AS "uomCode", u.precision, m.type::text AS type, m.archived_at IS NOT NULL AS archived`;

export async function materialKeyByCode(tx: Tx, code: string): Promise<MaterialKey | null> {
  const [m] = await tx.query<MaterialKey>(`SELECT ${KEY_COLUMNS} FROM material m ${unitJoin("u", "m.uom_code")} WHERE m.code = $1`, [code]);
  return m ?? null;
}

export async function materialKeysByCodes(tx: Tx, codes: string[]): Promise<MaterialKey[]> {
  return tx.query<MaterialKey>(`SELECT ${KEY_COLUMNS} FROM material m ${unitJoin("u", "m.uom_code")} WHERE m.code = ANY($1::text[])`, [codes]);
}

/** The column and SQL type each field a client sets is stored in. */
const FIELD_COLUMN: Record<keyof MaterialFields, [column: string, type: string]> = {
  code: ["code", "text"],
  name: ["name", "text"],
  description: ["description", "text"],
  uomCode: ["uom_code", "text"],
  type: ["type", `"MaterialType"`],
  leadTimeDays: ["lead_time_days", "int"],
  lotSizing: ["lot_sizing", `"LotSizingPolicy"`],
  lotSizeFixed: ["lot_size_fixed", "numeric"],
  lotSizeMin: ["lot_size_min", "numeric"],
  lotSizeMultiple: ["lot_size_multiple", "numeric"],
  lotSizeMax: ["lot_size_max", "numeric"],
  periodsOfSupply: ["periods_of_supply", "int"],
  safetyStock: ["safety_stock", "numeric"],
  abcClass: ["abc_class", `"AbcClass"`],
  lotTracked: ["lot_tracked", "boolean"],
  unitWeight: ["unit_weight", "numeric"],
  buyer: ["buyer", "text"],
};

/** Validated fields (decimals as Decimal) as columns, placeholders from `$first` on, and their values. */
function fieldColumns(fields: Record<string, unknown>, first: number) {
  const entries = Object.entries(fields).filter(([, v]) => v !== undefined);
  return {
    columns: entries.map(([f]) => FIELD_COLUMN[f as keyof MaterialFields][0]),
    placeholders: entries.map(([f], i) => `$${first + i}::${FIELD_COLUMN[f as keyof MaterialFields][1]}`),
    values: entries.map(([, v]) => (v !== null && typeof v === "object" && "toFixed" in v ? (v as { toFixed(): string }).toFixed() : v)),
  };
}

/** Creates a material of the given fields (the others take their defaults); null when the code exists. */
export async function insertMaterial(tx: Tx, fields: Record<string, unknown>, by: string): Promise<MaterialRow | null> {
  const { columns, placeholders, values } = fieldColumns(fields, 2);
  const [row] = await tx.query<MaterialRow>(
    `INSERT INTO material AS m (${[...columns, "created_by", "updated_by"].join(", ")}) VALUES (${[...placeholders, "$1", "$1"].join(", ")})
     ON CONFLICT (code) DO NOTHING RETURNING ${MATERIAL_COLUMNS}`,
    [by, ...values],
  );
  return row ?? null;
}

/** The material, locked until the transaction ends: concurrent changes of it go one after the other. */
export async function lockMaterial(tx: Tx, id: number): Promise<MaterialRow | null> {
  const [row] = await tx.query<MaterialRow>(`SELECT ${MATERIAL_COLUMNS} FROM material m WHERE m.id = $1 FOR UPDATE`, [id]);
  return row ?? null;
}

/** Sets the given fields of the material at `version`, making the next version. */
export async function updateMaterial(tx: Tx, current: { id: number; version: number }, fields: Record<string, unknown>, by: string): Promise<MaterialRow> {
  const { columns, placeholders, values } = fieldColumns(fields, 4);
  const set = columns.map((c, i) => `${c} = ${placeholders[i]}`);
  const [row] = await tx.query<MaterialRow>(
    `UPDATE material m SET ${[...set, "version = m.version + 1", "updated_by = $3", "updated_at = now()"].join(", ")}
      WHERE m.id = $1 AND m.version = $2 RETURNING ${MATERIAL_COLUMNS}`,
    [current.id, current.version, by, ...values],
  );
  return row;
}

export async function archiveMaterial(tx: Tx, id: number, by: string): Promise<MaterialRow> {
  const [row] = await tx.query<MaterialRow>(
    `UPDATE material m SET archived_at = now(), version = m.version + 1, updated_by = $2, updated_at = now() WHERE m.id = $1 RETURNING ${MATERIAL_COLUMNS}`,
    [id, by],
  );
  return row;
}

/** The code of a live (not archived) material among `ids`, the first by code; null when all are archived. */
export async function firstLiveCode(tx: Tx, ids: readonly number[]): Promise<string | null> {
  const [row] = await tx.query<{ code: string }>(`SELECT code FROM material WHERE id = ANY($1::int[]) AND archived_at IS NULL ORDER BY code LIMIT 1`, [ids]);
  return row?.code ?? null;
}

const UNIT_COLUMNS = `mu.id, mu.material_id AS "materialId", mu.uom_code AS "uomCode", mu.factor::text AS factor, u.precision`;

export async function materialUnit(tx: Tx, materialId: number, uomCode: string): Promise<MaterialUnitRow | null> {
  const [row] = await tx.query<MaterialUnitRow>(`SELECT ${UNIT_COLUMNS} FROM material_unit mu ${unitJoin("u", "mu.uom_code")} WHERE mu.material_id = $1 AND mu.uom_code = $2`, [
    materialId,
    uomCode,
  ]);
  return row ?? null;
}

export function materialUnits(tx: Tx, materialIds: readonly number[]): Promise<MaterialUnitRow[]> {
  return tx.query<MaterialUnitRow>(
    `SELECT ${UNIT_COLUMNS} FROM material_unit mu ${unitJoin("u", "mu.uom_code")} WHERE mu.material_id = ANY($1::int[]) ORDER BY mu.material_id, mu.uom_code`,
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

/** A live material as inventory policies need it: planned lead time, its unit's decimals and its classes. */
export interface ClassifiedMaterial { id: number; code: string; leadTimeDays: number; precision: number; abcClass: AbcClass | null; xyzClass: XyzClass | null }

export function liveMaterialsForPolicies(tx: Tx): Promise<ClassifiedMaterial[]> {
  return tx.query<ClassifiedMaterial>(
    `SELECT m.id, m.code, m.lead_time_days AS "leadTimeDays", u.precision, m.abc_class::text AS "abcClass", m.xyz_class::text AS "xyzClass"
       FROM material m ${unitJoin("u", "m.uom_code")} WHERE m.archived_at IS NULL ORDER BY m.id`,
  );
}

/** Stores computed classes and when (not a master-data edit: version and updated_* stay). */
export async function storeClasses(tx: Tx, classes: readonly { id: number; abcClass: AbcClass; xyzClass: XyzClass | null }[], at: Date): Promise<void> {
  await tx.query(
    `UPDATE material m SET abc_class = u.abc::"AbcClass", xyz_class = u.xyz::"XyzClass", classified_at = $4
       FROM unnest($1::int[], $2::text[], $3::text[]) AS u(id, abc, xyz) WHERE m.id = u.id`,
    [classes.map((c) => c.id), classes.map((c) => c.abcClass), classes.map((c) => c.xyzClass), at],
  );
}

/*
 * For other areas' SQL (stock, work orders, BOM lines of an order): their reads and locks join a material in the
 * same statement, and resolve the one a caller named, without naming the table themselves.
 */

/** `JOIN material <alias> ON <alias>.id = <idExpr>` (or a LEFT JOIN): the material's columns under `alias`. */
export const materialJoin = (alias: string, idExpr: string, join: "JOIN" | "LEFT JOIN" = "JOIN") => `${join} material ${alias} ON ${alias}.id = ${idExpr}`;

/** The id of the material whose code is `codeExpr`, as an SQL subquery. */
export const materialIdOfCode = (codeExpr: string) => `(SELECT id FROM material WHERE code = ${codeExpr})`;

/** What a stock movement needs of a material: its unit (and the unit's decimals), lot rule and safety stock. */
export interface MovementMaterialRow { id: number; code: string; uomCode: string; precision: number; lotTracked: boolean; safetyStock: string }

/** The query of a MovementMaterialRow by id or code (`value`: an SQL expression), archived ones only if `withArchived` (SQL) is true. */
export const movementMaterialSql = (by: "id" | "code", value: string, withArchived: string) =>
  `SELECT m.id, m.code, m.uom_code AS "uomCode", u.precision, m.lot_tracked AS "lotTracked", m.safety_stock::text AS "safetyStock"
     FROM material m ${unitJoin("u", "m.uom_code")} WHERE m.${by} = ${value} AND (${withArchived} OR m.archived_at IS NULL)`;

/** The material by id or code (codes as stored: upper case); archived ones only `withArchived`. */
export async function movementMaterial(tx: Tx, by: { id: number } | { code: string }, withArchived: boolean): Promise<MovementMaterialRow | null> {
  const [row] = await tx.query<MovementMaterialRow>(movementMaterialSql("id" in by ? "id" : "code", "$1", "$2"), ["id" in by ? by.id : by.code, withArchived]);
  return row ?? null;
}

/** Every material's id, archived ones too (each has a low-level code). */
export async function allMaterialIds(tx: Tx): Promise<number[]> {
  return (await tx.query<{ id: number }>(`SELECT id FROM material`)).map((r) => r.id);
}

/** Stores the low-level codes that changed. */
export async function storeLowLevelCodes(tx: Tx, levels: ReadonlyMap<number, number>): Promise<void> {
  await tx.query(
    `UPDATE material m SET low_level_code = u.code FROM unnest($1::int[], $2::int[]) AS u(id, code) WHERE m.id = u.id AND m.low_level_code <> u.code`,
    [[...levels.keys()], [...levels.values()]],
  );
}

/** The materials with these codes, archived ones too, by code, with every field a bulk write sets: one statement. */
export async function storedMaterialsByCode(tx: Tx, codes: readonly string[]): Promise<Map<string, StoredMaterial>> {
  const rows = await tx.query<StoredMaterial>(
    `SELECT id, version, archived_at IS NOT NULL AS archived, code, name, description, uom_code AS "uomCode", type::text AS type,
            lead_time_days AS "leadTimeDays", lot_sizing::text AS "lotSizing", lot_size_fixed::text AS "lotSizeFixed",
            lot_size_min::text AS "lotSizeMin", lot_size_multiple::text AS "lotSizeMultiple", lot_size_max::text AS "lotSizeMax",
            periods_of_supply AS "periodsOfSupply", safety_stock::text AS "safetyStock", abc_class::text AS "abcClass", lot_tracked AS "lotTracked"
       FROM material WHERE code = ANY($1::text[])`,
    [codes],
  );
  return new Map(rows.map((r) => [r.code, r]));
}

/**
 * Creates and updates materials set-based (one statement each, plus one for their audit records), each
 * audited with `auditTag` (e.g. the import's id). A material created or changed by someone else since it
 * was read is a CONFLICT: the caller's transaction then writes nothing. Returns the ids of the materials created.
 */
export async function writeMaterials(tx: Tx, writes: readonly MaterialWrite[], actor: Principal, auditTag: Record<string, unknown>): Promise<number[]> {
  const creates = writes.filter((w) => !w.current);
  const updates = writes.filter((w) => w.current);
  const col = (list: readonly MaterialWrite[], f: keyof MaterialRecord) => list.map((w) => w.record[f]);
  const columns = (list: readonly MaterialWrite[]) => [
    col(list, "code"), col(list, "name"), col(list, "description"), col(list, "uomCode"), col(list, "type"), col(list, "leadTimeDays"),
    col(list, "lotSizing"), col(list, "lotSizeFixed"), col(list, "lotSizeMin"), col(list, "lotSizeMultiple"), col(list, "lotSizeMax"),
    col(list, "periodsOfSupply"), col(list, "safetyStock"), col(list, "abcClass"), col(list, "lotTracked"),
  ];
  // the record's columns as $1..$15, zipped into rows
  const UNNEST = `unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::numeric[], $9::numeric[],
                        $10::numeric[], $11::numeric[], $12::int[], $13::numeric[], $14::text[], $15::boolean[]`;
  const COLUMNS = `code, name, description, uom, type, lead, sizing, fixed, min, multiple, max, periods, safety, abc, tracked`;
  const audits: { entityId: number; action: string; changes: Record<string, unknown> }[] = [];
  let created: { code: string; id: number }[] = [];
  if (creates.length > 0) {
    // the audit records are built in the same statement from the rows inserted (JSON made in SQL, not in Node)
    created = await tx.query<{ code: string; id: number }>(
      `WITH made AS (
         INSERT INTO material (code, name, description, uom_code, type, lead_time_days, lot_sizing, lot_size_fixed, lot_size_min,
                               lot_size_multiple, lot_size_max, periods_of_supply, safety_stock, abc_class, lot_tracked, created_by, updated_by)
         SELECT code, name, description, uom, type::"MaterialType", lead, sizing::"LotSizingPolicy", fixed, min, multiple, max, periods, safety,
                abc::"AbcClass", tracked, $16, $16
           FROM ${UNNEST}) AS u(${COLUMNS})
         ON CONFLICT (code) DO NOTHING RETURNING *)
       ${auditRowsSql("made", {
         actor: "$16",
         entity: "'Material'",
         entityId: "id::text",
         action: "'create'",
         changes: `$17::jsonb || jsonb_build_object('code', code, 'name', name, 'description', description,
                'uomCode', uom_code, 'type', type, 'leadTimeDays', lead_time_days, 'lotSizing', lot_sizing, 'lotSizeFixed', lot_size_fixed::text,
                'lotSizeMin', lot_size_min::text, 'lotSizeMultiple', lot_size_multiple::text, 'lotSizeMax', lot_size_max::text,
                'periodsOfSupply', periods_of_supply, 'safetyStock', safety_stock::text, 'abcClass', abc_class, 'lotTracked', lot_tracked)`,
       })}
       RETURNING changes->>'code' AS code, entity_id::int AS id`,
      [...columns(creates), actor.id, JSON.stringify(auditTag)],
    );
    if (created.length < creates.length) {
      const made = new Set(created.map((c) => c.code));
      throw conflict(`material ${creates.find((w) => !made.has(w.record.code))!.record.code} was created by someone else meanwhile; import again`, { field: "code" });
    }
  }
  if (updates.length > 0) {
    const updated = await tx.query<{ id: number }>(
      `UPDATE material m SET name = u.name, description = u.description, uom_code = u.uom, type = u.type::"MaterialType", lead_time_days = u.lead,
              lot_sizing = u.sizing::"LotSizingPolicy", lot_size_fixed = u.fixed, lot_size_min = u.min, lot_size_multiple = u.multiple,
              lot_size_max = u.max, periods_of_supply = u.periods, safety_stock = u.safety, abc_class = u.abc::"AbcClass", lot_tracked = u.tracked,
              version = m.version + 1, updated_by = $16, updated_at = now()
         FROM ${UNNEST}, $17::int[], $18::int[]) AS u(${COLUMNS}, id, version)
        WHERE m.id = u.id AND m.version = u.version
       RETURNING m.id`,
      [...columns(updates), actor.id, updates.map((w) => w.current!.id), updates.map((w) => w.current!.version)],
    );
    if (updated.length < updates.length) {
      const done = new Set(updated.map((u) => u.id));
      throw conflict(`material ${updates.find((w) => !done.has(w.current!.id))!.record.code} was changed by someone else meanwhile; import again`, { field: "code" });
    }
    for (const w of updates) audits.push({ entityId: w.current!.id, action: "update", changes: { ...auditTag, ...w.changes } });
  }
  await writeAudits(tx, actor, "Material", audits);
  return created.map((c) => c.id);
}

/** A material's unit weight (kilograms per base unit; null = not known). */
export interface MaterialWeight { id: number; code: string; unitWeight: string | null; archived: boolean }

const WEIGHT = `id, code, unit_weight::text AS "unitWeight", archived_at IS NOT NULL AS archived`;

export async function materialWeight(tx: Tx, by: { id: number } | { code: string }): Promise<MaterialWeight | null> {
  const [row] = await tx.query<MaterialWeight>(`SELECT ${WEIGHT} FROM material WHERE ${"id" in by ? "id" : "code"} = $1`, ["id" in by ? by.id : by.code]);
  return row ?? null;
}

export function materialWeights(tx: Tx, ids: readonly number[]): Promise<MaterialWeight[]> {
  return tx.query<MaterialWeight>(`SELECT ${WEIGHT} FROM material WHERE id = ANY($1::int[])`, [ids]);
}

export async function setUnitWeight(tx: Tx, id: number, unitWeight: string, by: string): Promise<void> {
  await tx.query(`UPDATE material SET unit_weight = $2::numeric, version = version + 1, updated_by = $3, updated_at = now() WHERE id = $1`, [id, unitWeight, by]);
}
