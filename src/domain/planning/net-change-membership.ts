import type { Sql } from "../../db/database";
import { liveMaterialIds } from "../materials/material.queries";
import type { NetChangePlan } from "../mrp";
import { planningMaterials } from "./load-planning-input";

/**
 * Brings the materials of a kept plan in line with those a full run would plan now, among the `touched` ones
 * that are not in it or whose master data changed (`master`): a material created since the build enters it, an
 * archived one leaves it (as `loadPlanningInput` leaves it out). Returns the touched materials that are not
 * planned — what is stored of them (suggestions, exceptions) goes — or `rebuild` when an archived material is in
 * one of the plan's BOMs: its BOM leaves the plan with it, which takes a new build (as a BOM change does).
 */
export async function followMembership(sql: Sql, warehouseId: number, plan: NetChangePlan, touched: readonly number[], master: ReadonlySet<number> | undefined): Promise<{ left: number[]; rebuild: boolean }> {
  const asked = touched.filter((id) => !plan.has(id) || master?.has(id));
  if (asked.length === 0) return { left: [], rebuild: false };
  const live = new Set(await liveMaterialIds(sql, asked));
  const archived = asked.filter((id) => plan.has(id) && !live.has(id));
  if (archived.some((id) => !plan.standsAlone(id))) return { left: [], rebuild: true };
  const created = asked.filter((id) => !plan.has(id) && live.has(id));
  plan.remove(archived);
  if (created.length) plan.add(await planningMaterials(sql, warehouseId, created));
  return { left: asked.filter((id) => !live.has(id)), rebuild: false };
}
