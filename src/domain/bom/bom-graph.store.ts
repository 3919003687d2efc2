/** The BOM graph as stored: the lock that serialises BOM changes, low-level codes and the cycle check over all BOMs. */
import type { Tx } from "../../db/transaction";
import { allMaterialIds, materialSummaries } from "../materials/material.store";
import { BomCycleError } from "./bom.errors";
import { computeLowLevelCodes } from "./low-level-codes";

/** Serialises BOM changes so that two concurrent edits cannot build a cycle between them. */
const BOM_LOCK = 74_260_002;

export async function lockBoms(tx: Tx): Promise<void> {
  await tx.query(`SELECT 1 AS locked FROM pg_advisory_xact_lock(${BOM_LOCK})`);
}

/**
 * The low-level code of every material in the BOM graph as stored, with the lines of the `replaced`
 * parents swapped for their new components. Throws BomCycleError naming material codes when that graph
 * has a cycle. Used by a single BOM change and by a bulk import of many BOMs (its whole file at once).
 */
export async function lowLevelCodesWith(tx: Tx, replaced: ReadonlyMap<number, readonly number[]> = new Map()): Promise<Map<number, number>> {
  const edges = await tx.query<{ parentId: number; componentId: number }>(
    `SELECT b.material_id AS "parentId", l.component_id AS "componentId" FROM bom_line l JOIN bom b ON b.id = l.bom_id WHERE b.material_id <> ALL($1::int[])`,
    [[...replaced.keys()]],
  );
  for (const [parentId, components] of replaced) for (const componentId of components) edges.push({ parentId, componentId });
  const ids = await allMaterialIds(tx);
  try {
    return computeLowLevelCodes(ids, edges);
  } catch (e) {
    if (!(e instanceof BomCycleError)) throw e;
    const codes = new Map((await materialSummaries(tx, e.path)).map((m) => [m.id, m.code]));
    throw new BomCycleError(e.path, (id) => codes.get(id) ?? String(id));
  }
}

/** Stores the low-level codes that changed (a column of the materials). */
export { storeLowLevelCodes } from "../materials/material.store";
