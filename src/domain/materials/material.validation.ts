import { badInput } from "../shared/domain-error";
import { parseQuantity, type Decimal } from "../shared/quantity";

export type MaterialType = "MAKE" | "BUY";
export type LotSizingPolicy = "LOT_FOR_LOT" | "FIXED" | "MIN_MULTIPLE_MAX" | "PERIODS_OF_SUPPLY";
export type AbcClass = "A" | "B" | "C";
/** demand variability: X steady, Y varying, Z erratic (computed, never set by hand) */
export type XyzClass = "X" | "Y" | "Z";

/** Fields a client may set on a material; all optional for an update. */
export interface MaterialFields {
  code?: string;
  name?: string;
  description?: string | null;
  uomCode?: string;
  type?: MaterialType;
  leadTimeDays?: number;
  lotSizing?: LotSizingPolicy;
  lotSizeFixed?: string | null;
  lotSizeMin?: string | null;
  lotSizeMultiple?: string | null;
  lotSizeMax?: string | null;
  periodsOfSupply?: number | null;
  safetyStock?: string;
  abcClass?: AbcClass | null;
  lotTracked?: boolean;
  /** kilograms per base unit */
  unitWeight?: string | null;
  /** who buys it: a person's or purchasing group's code */
  buyer?: string | null;
}

const CODE = /^[A-Z0-9][A-Z0-9._\-/]{0,39}$/;

export function normalizeCode(code: string, field = "code"): string {
  const c = code.trim().toUpperCase();
  if (!CODE.test(c)) throw badInput(`${field} must be 1-40 characters: letters, digits, . _ - /`, { field });
  return c;
}

const optionalQty = (v: string | null | undefined, field: string, precision: number): Decimal | null | undefined =>
  v === undefined ? undefined : v === null ? null : parseQuantity(v, { field, precision });

/**
 * Validates the fields against each other (as they will be after the change: `merged`), returning the
 * values to store. Lot-sizing parameters must fit the policy so that planning can rely on them.
 */
export function validateMaterial(fields: MaterialFields, merged: Required<Pick<MaterialFields, "lotSizing">> & MaterialFields, precision: number) {
  const out: Record<string, unknown> = {};
  if (fields.code !== undefined) out.code = normalizeCode(fields.code);
  if (fields.name !== undefined) {
    const name = fields.name.trim();
    if (name === "" || name.length > 200) throw badInput("name must be 1 to 200 characters", { field: "name" });
    out.name = name;
  }
  if (fields.description !== undefined) out.description = fields.description?.trim() || null;
  if (fields.uomCode !== undefined) out.uomCode = fields.uomCode.trim().toUpperCase();
  if (fields.type !== undefined) out.type = fields.type;
  if (fields.leadTimeDays !== undefined) {
    if (!Number.isInteger(fields.leadTimeDays) || fields.leadTimeDays < 0 || fields.leadTimeDays > 3650) {
      throw badInput("leadTimeDays must be a whole number from 0 to 3650", { field: "leadTimeDays" });
    }
    out.leadTimeDays = fields.leadTimeDays;
  }
  if (fields.safetyStock !== undefined) out.safetyStock = parseQuantity(fields.safetyStock, { field: "safetyStock", precision, allowZero: true });
  if (fields.abcClass !== undefined) out.abcClass = fields.abcClass;
  if (fields.lotTracked !== undefined) out.lotTracked = fields.lotTracked;
  const unitWeight = optionalQty(fields.unitWeight, "unitWeight", 6);
  if (unitWeight !== undefined) out.unitWeight = unitWeight;
  if (fields.buyer !== undefined) out.buyer = fields.buyer === null || fields.buyer.trim() === "" ? null : normalizeCode(fields.buyer, "buyer");
  if (fields.lotSizing !== undefined) out.lotSizing = fields.lotSizing;
  for (const f of ["lotSizeFixed", "lotSizeMin", "lotSizeMultiple", "lotSizeMax"] as const) {
    const q = optionalQty(fields[f], f, precision);
    if (q !== undefined) out[f] = q;
  }
  if (fields.periodsOfSupply !== undefined) {
    if (fields.periodsOfSupply !== null && (!Number.isInteger(fields.periodsOfSupply) || fields.periodsOfSupply < 1 || fields.periodsOfSupply > 104)) {
      throw badInput("periodsOfSupply must be a whole number from 1 to 104", { field: "periodsOfSupply" });
    }
    out.periodsOfSupply = fields.periodsOfSupply;
  }

  const has = (f: keyof MaterialFields) => merged[f] !== null && merged[f] !== undefined;
  switch (merged.lotSizing) {
    case "FIXED":
      if (!has("lotSizeFixed")) throw badInput("lot sizing FIXED needs lotSizeFixed", { field: "lotSizeFixed" });
      break;
    case "MIN_MULTIPLE_MAX": {
      if (!has("lotSizeMin") && !has("lotSizeMultiple") && !has("lotSizeMax")) {
        throw badInput("lot sizing MIN_MULTIPLE_MAX needs at least one of lotSizeMin, lotSizeMultiple, lotSizeMax", { field: "lotSizing" });
      }
      const min = merged.lotSizeMin, max = merged.lotSizeMax;
      if (min != null && max != null && parseQuantity(max, { field: "lotSizeMax", precision }).lessThan(min)) {
        throw badInput("lotSizeMax must not be below lotSizeMin", { field: "lotSizeMax" });
      }
      break;
    }
    case "PERIODS_OF_SUPPLY":
      if (!has("periodsOfSupply")) throw badInput("lot sizing PERIODS_OF_SUPPLY needs periodsOfSupply", { field: "periodsOfSupply" });
      break;
    case "LOT_FOR_LOT":
      break;
  }
  return out;
}
