import type { Tx } from "../../db/transaction";
import { writeEvent } from "../../events/outbox";

/** A material's fields MRP plans with (its unit gives the precision): net-change planning re-plans it when one changes. */
const PLANNING_FIELDS = new Set(["uomCode", "type", "leadTimeDays", "lotSizing", "lotSizeFixed", "lotSizeMin", "lotSizeMultiple", "lotSizeMax", "periodsOfSupply", "safetyStock"]);

/**
 * Writes one `planning.masterChanged` (MATERIAL, every warehouse) for the materials whose changed fields include
 * one MRP plans with, in the caller's transaction; nothing when none does.
 */
export async function materialsPlanningChanged(tx: Tx, changed: readonly { id: number; fields: object }[]): Promise<void> {
  const materialIds = changed.filter((c) => Object.keys(c.fields).some((k) => PLANNING_FIELDS.has(k))).map((c) => c.id);
  if (materialIds.length) await writeEvent(tx, "planning.masterChanged", { materialIds, cause: "MATERIAL", warehouseId: null, warehouseCode: null });
}
