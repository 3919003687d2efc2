import type { Sql } from "../../db/database";
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
  const live = new Map((await planningMaterials(sql, warehouseId, asked)).map((m) => [m.id, m]));
  const archived = asked.filter((id) => plan.has(id) && !live.has(id));
  if (archived.some((id) => !plan.standsAlone(id))) return { left: [], rebuild: true };
  for (const id of archived) plan.remove(id);
  for (const [id, material] of live) if (!plan.has(id)) plan.add(material);
  return { left: asked.filter((id) => !live.has(id)), rebuild: false };
}
