import type { Principal } from "../../auth/principal";
import type { Sql } from "../../db/database";
import type { Tx } from "../../db/transaction";
import { writeAudits } from "../security/audit";
import { conflict } from "../shared/domain-error";
import { Decimal } from "../shared/quantity";

/** Every stored field of a material a bulk write sets; decimals as exact text, absent values null. */
export interface MaterialRecord {
  code: string;
  name: string;
  description: string | null;
  uomCode: string;
  type: string;
  leadTimeDays: number;
  lotSizing: string;
  lotSizeFixed: string | null;
  lotSizeMin: string | null;
  lotSizeMultiple: string | null;
  lotSizeMax: string | null;
  periodsOfSupply: number | null;
  safetyStock: string;
  abcClass: string | null;
  lotTracked: boolean;
}

export interface StoredMaterial extends MaterialRecord {
  id: number;
  version: number;
  archived: boolean;
}

export const MATERIAL_DEFAULTS: Omit<MaterialRecord, "code" | "name" | "uomCode" | "type"> = {
  description: null, leadTimeDays: 0, lotSizing: "LOT_FOR_LOT", lotSizeFixed: null, lotSizeMin: null, lotSizeMultiple: null,
  lotSizeMax: null, periodsOfSupply: null, safetyStock: "0", abcClass: null, lotTracked: false,
};

const DECIMALS = new Set<keyof MaterialRecord>(["lotSizeFixed", "lotSizeMin", "lotSizeMultiple", "lotSizeMax", "safetyStock"]);
const FIELDS = ["name", "description", "uomCode", "type", "leadTimeDays", "lotSizing", ...DECIMALS, "periodsOfSupply", "abcClass", "lotTracked"] as (keyof MaterialRecord)[];

/** The materials with these codes, archived ones too, by code: one statement. */
export async function materialsByCode(sql: Sql, codes: readonly string[]): Promise<Map<string, StoredMaterial>> {
  const rows = await sql.query<StoredMaterial>(
    `SELECT id, version, archived_at IS NOT NULL AS archived, code, name, description, uom_code AS "uomCode", type::text AS type,
            lead_time_days AS "leadTimeDays", lot_sizing::text AS "lotSizing", lot_size_fixed::text AS "lotSizeFixed",
            lot_size_min::text AS "lotSizeMin", lot_size_multiple::text AS "lotSizeMultiple", lot_size_max::text AS "lotSizeMax",
            periods_of_supply AS "periodsOfSupply", safety_stock::text AS "safetyStock", abc_class::text AS "abcClass", lot_tracked AS "lotTracked"
       FROM material WHERE code = ANY($1::text[])`,
    [codes],
  );
  return new Map(rows.map((r) => [r.code, r]));
}

/** The fields whose value differs (decimals compared as numbers: 2.50 is 2.5), with their new values. */
export function changedFields(current: MaterialRecord, next: MaterialRecord): Partial<MaterialRecord> {
  const out: Record<string, unknown> = {};
  for (const f of FIELDS) {
    const a = current[f], b = next[f];
    const same = a === b || (DECIMALS.has(f) && a !== null && b !== null && sameNumber(a as string, b as string));
    if (!same) out[f] = b;
  }
  return out as Partial<MaterialRecord>;
}

/** Decimal text as a number: "2.500000" is "2.5"; through Decimal only when the text is not plain (an exponent). */
function sameNumber(a: string, b: string): boolean {
  if (/e/i.test(a) || /e/i.test(b)) return new Decimal(a).eq(b);
  const plain = (s: string) => (s.includes(".") ? s.replace(/\.?0+$/, "") : s).replace(/^(-?)0+(?=\d)/, "$1");
  return plain(a) === plain(b) || new Decimal(a).eq(b);
}

export interface MaterialWrite {
  /** absent: create; present: update the material at that version */
  current?: { id: number; version: number };
  record: MaterialRecord;
  changes: Partial<MaterialRecord>;
}

/**
 * Creates and updates materials set-based (one statement each, plus one for their audit records), each
 * audited with `auditTag` (e.g. the import's id). A material created or changed by someone else since it
 * was read is a CONFLICT: the caller's transaction then writes nothing.
 */
export async function writeMaterials(tx: Tx, writes: readonly MaterialWrite[], actor: Principal, auditTag: Record<string, unknown>): Promise<void> {
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
  if (creates.length > 0) {
    // the audit records are built in the same statement from the rows inserted (JSON made in SQL, not in Node)
    const created = await tx.query<{ code: string }>(
      `WITH made AS (
         INSERT INTO material (code, name, description, uom_code, type, lead_time_days, lot_sizing, lot_size_fixed, lot_size_min,
                               lot_size_multiple, lot_size_max, periods_of_supply, safety_stock, abc_class, lot_tracked, created_by, updated_by)
         SELECT code, name, description, uom, type::"MaterialType", lead, sizing::"LotSizingPolicy", fixed, min, multiple, max, periods, safety,
                abc::"AbcClass", tracked, $16, $16
           FROM ${UNNEST}) AS u(${COLUMNS})
         ON CONFLICT (code) DO NOTHING RETURNING *)
       INSERT INTO audit_log (actor, entity, entity_id, action, changes)
       SELECT $16, 'Material', id::text, 'create', $17::jsonb || jsonb_build_object('code', code, 'name', name, 'description', description,
                'uomCode', uom_code, 'type', type, 'leadTimeDays', lead_time_days, 'lotSizing', lot_sizing, 'lotSizeFixed', lot_size_fixed::text,
                'lotSizeMin', lot_size_min::text, 'lotSizeMultiple', lot_size_multiple::text, 'lotSizeMax', lot_size_max::text,
                'periodsOfSupply', periods_of_supply, 'safetyStock', safety_stock::text, 'abcClass', abc_class, 'lotTracked', lot_tracked)
         FROM made
       RETURNING changes->>'code' AS code`,
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
}
