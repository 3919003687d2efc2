/** Materials as bulk writes see them (imports, the demo plant): whole records and what changed; the SQL is in material.store.ts. */
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
