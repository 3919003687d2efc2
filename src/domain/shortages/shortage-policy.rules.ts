/**
 * The shortage policy as plain functions: which policy applies to a component (the most specific one), which
 * warehouses a transfer may come from and in what order, and what a policy's input must be.
 */
import { FieldChecks, type FieldError } from "../shared/field-errors";

export type ShortageMode = "AUTO" | "SUGGEST_ONLY";
export type SourceSelection = "PRIORITY" | "NEAREST";

export interface ShortagePolicy {
  /** null: the built-in default (no policy configured) */
  id: number | null;
  materialId: number | null;
  warehouseId: number | null;
  mode: ShortageMode;
  useSubstitutes: boolean;
  useTransfers: boolean;
  sourceSelection: SourceSelection;
  /** warehouses transfers may come from, first tried first (PRIORITY); empty = every other warehouse */
  transferSourceIds: number[];
  usePurchase: boolean;
}

/** Without a policy the hub records the shortage with suggestions and does nothing else. */
export const DEFAULT_POLICY: ShortagePolicy = {
  id: null, materialId: null, warehouseId: null, mode: "SUGGEST_ONLY", useSubstitutes: true, useTransfers: true,
  sourceSelection: "PRIORITY", transferSourceIds: [], usePurchase: true,
};

/**
 * The policy for a material in a warehouse among those configured: for the material in that warehouse, else
 * for the material anywhere, else for the warehouse, else global, else the default.
 */
export function policyFor(policies: readonly ShortagePolicy[], materialId: number, warehouseId: number): ShortagePolicy {
  const rank = (p: ShortagePolicy) =>
    (p.materialId === null ? 0 : p.materialId === materialId ? 2 : -10) + (p.warehouseId === null ? 0 : p.warehouseId === warehouseId ? 1 : -10);
  let best: ShortagePolicy = DEFAULT_POLICY;
  let bestRank = -1;
  for (const p of policies) {
    const r = rank(p);
    if (r >= 0 && r > bestRank) [best, bestRank] = [p, r];
  }
  return best;
}

/** A warehouse that has free stock of the short component. */
export interface SourceCandidate { warehouseId: number; code: string; active: boolean }

/**
 * The warehouses to try for a transfer to `destinationId`, in order. PRIORITY: the policy's list in its order
 * (empty list: every other warehouse by code); NEAREST: those with a lane to the destination (`transitDays`),
 * fewest days first, then by code — limited to the policy's list when it has one. Never the destination
 * itself, never a deactivated warehouse.
 */
export function orderSources(policy: ShortagePolicy, destinationId: number, candidates: readonly SourceCandidate[], transitDays: ReadonlyMap<number, number>): SourceCandidate[] {
  const listed = policy.transferSourceIds;
  const usable = candidates.filter((c) => c.warehouseId !== destinationId && c.active && (listed.length === 0 || listed.includes(c.warehouseId)));
  const byCode = (a: SourceCandidate, b: SourceCandidate) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  if (policy.sourceSelection === "NEAREST") {
    return usable.filter((c) => transitDays.has(c.warehouseId)).sort((a, b) => transitDays.get(a.warehouseId)! - transitDays.get(b.warehouseId)! || byCode(a, b));
  }
  return listed.length === 0 ? usable.sort(byCode) : usable.sort((a, b) => listed.indexOf(a.warehouseId) - listed.indexOf(b.warehouseId));
}

/** Longest list of transfer sources a policy may name. */
export const MAX_SOURCES = 50;

export interface PolicyFields {
  mode: string;
  transferSources?: readonly string[] | null;
  sourceSelection?: string | null;
}

/**
 * The parts of a policy input that need no database: the mode and selection are known values, the source
 * codes are codes and none is named twice, and the policy's own warehouse (when named by code) is not among them.
 */
export function readPolicyFields(input: PolicyFields, ownWarehouseCode: string | null): { value: { mode: ShortageMode; sourceSelection: SourceSelection; sources: string[] } | null; errors: FieldError[] } {
  const c = new FieldChecks();
  if (input.mode !== "AUTO" && input.mode !== "SUGGEST_ONLY") c.fail("mode", "mode must be AUTO or SUGGEST_ONLY");
  const selection = input.sourceSelection ?? "PRIORITY";
  if (selection !== "PRIORITY" && selection !== "NEAREST") c.fail("sourceSelection", "sourceSelection must be PRIORITY or NEAREST");
  const raw = input.transferSources ?? [];
  if (raw.length > MAX_SOURCES) c.fail("transferSources", `at most ${MAX_SOURCES} transfer sources`);
  const sources: string[] = [];
  for (const code of raw) {
    const v = c.code(code, "transferSources");
    if (v === undefined) continue;
    if (sources.includes(v)) c.fail("transferSources", `${v} is named twice in transferSources`);
    else if (v === ownWarehouseCode) c.fail("transferSources", `${v} cannot be a transfer source of its own shortages`);
    else sources.push(v);
  }
  return { value: c.errors.length ? null : { mode: input.mode as ShortageMode, sourceSelection: selection as SourceSelection, sources }, errors: c.errors };
}

/** Transit days of a lane: a whole number of days, 0 to 365. */
export function readTransitDays(days: number): FieldError[] {
  const c = new FieldChecks();
  c.int(days, "transitDays", 0, 365);
  return c.errors;
}
