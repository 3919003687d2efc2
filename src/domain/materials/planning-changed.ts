import type { Tx } from "../../db/transaction";
import { writeEvent } from "../../events/outbox";

/** A material's fields MRP plans with (its unit gives the precision): net-change planning re-plans it when one changes. */
const PLANNING_FIELDS = new Set(["uomCode", "type", "leadTimeDays", "lotSizing", "lotSizeFixed", "lotSizeMin", "lotSizeMultiple", "lotSizeMax", "periodsOfSupply", "safetyStock"]);

/**
 * Writes one `planning.masterChanged` (MATERIAL, every warehouse) for the materials `created` and those whose changed
 * fields include one MRP plans with, in the caller's transaction; nothing when there are none. A new material
 * enters the plans net change keeps.
 */
export async function materialsPlanningChanged(tx: Tx, changed: readonly { id: number; fields: object }[], created: readonly number[] = []): Promise<void> {
  const materialIds = [...created, ...changed.filter((c) => Object.keys(c.fields).some((k) => PLANNING_FIELDS.has(k))).map((c) => c.id)];
  if (materialIds.length) await masterChanged(tx, materialIds);
}

/**
 * Writes the `planning.masterChanged` (MATERIAL, every warehouse) of an archived material, in the caller's
 * transaction: it leaves the plans net change keeps, and so does its BOM, whose `components` (ids) are named to
 * be re-planned without its dependent demand.
 */
export async function materialArchived(tx: Tx, materialId: number, components: readonly number[]): Promise<void> {
  await masterChanged(tx, [materialId, ...components]);
}

const masterChanged = (tx: Tx, materialIds: number[]) =>
  writeEvent(tx, "planning.masterChanged", { materialIds, cause: "MATERIAL", warehouseId: null, warehouseCode: null });
