/** What-if changes as the form holds them, turned into the graph's WhatIfInput, and the diff as side-by-side rows. */
import type { PlanningPreviewFragment, PlanningWhatIfQuery, WhatIfInput } from "../../generated/graphql";

export type ChangeKind = "extraDemand" | "leadTime" | "onHand";

export interface ChangeRow {
  kind: ChangeKind;
  materialCode: string;
  /** extra demand and on hand */
  quantity: string;
  /** extra demand */
  dueDate: string;
  /** lead time */
  days: string;
}

export const emptyChange = (): ChangeRow => ({ kind: "extraDemand", materialCode: "", quantity: "", dueDate: "", days: "" });

/** Rows with no material are left out; the hub checks the rest (a bad one is BAD_USER_INPUT naming its field). */
export function overridesOf(rows: readonly ChangeRow[]): WhatIfInput {
  const named = rows.filter((r) => r.materialCode.trim() !== "");
  const of = (kind: ChangeKind) => named.filter((r) => r.kind === kind);
  return {
    extraDemands: of("extraDemand").map((r) => ({ materialCode: r.materialCode.trim(), quantity: r.quantity.trim(), dueDate: r.dueDate })),
    leadTimes: of("leadTime").map((r) => ({ materialCode: r.materialCode.trim(), leadTimeDays: Number(r.days) })),
    onHand: of("onHand").map((r) => ({ materialCode: r.materialCode.trim(), quantity: r.quantity.trim() })),
  };
}

export interface ComparisonRow {
  key: string;
  change: "added" | "removed" | "changed";
  before: PlanningPreviewFragment | null;
  after: PlanningPreviewFragment | null;
}

/** The diff against the current plan as rows: each changed, added or removed supply, by material then due date. */
export function comparisonRows(diff: PlanningWhatIfQuery["mrpWhatIf"]["diff"]): ComparisonRow[] {
  const rows: ComparisonRow[] = [
    ...diff.changed.map((c) => ({ change: "changed" as const, before: c.before, after: c.after })),
    ...diff.added.map((a) => ({ change: "added" as const, before: null, after: a })),
    ...diff.removed.map((r) => ({ change: "removed" as const, before: r, after: null })),
  ].map((r, i) => ({ ...r, key: `${r.change}-${i}` }));
  const sortKey = (r: ComparisonRow) => {
    const s = (r.after ?? r.before)!;
    return `${s.material.code}\u0000${s.kind}\u0000${s.dueDate}`;
  };
  return rows.sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
}
