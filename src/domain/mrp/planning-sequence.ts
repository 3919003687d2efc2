import { BomCycleError } from "../bom/bom.errors";
import { BomEdgeRef, computeLowLevelCodes } from "../bom/low-level-codes";

export interface PlanningSequence {
  /** Material indices, by low-level code; input order within a code. */
  readonly order: Int32Array;
  /** Low-level code per material index. */
  readonly lowLevelCode: Int32Array;
}

/**
 * The order in which materials are netted: by low-level code, so every material comes after all of its
 * parents (a parent's code is strictly lower than each of its components'), and its gross requirements
 * are complete when it is netted. `ids[i]` is the id of material index i; `describe` names materials in
 * the BomCycleError thrown for a cyclic BOM.
 */
export function planningSequence(
  ids: readonly number[],
  edges: readonly BomEdgeRef[],
  describe: (id: number) => string = String,
): PlanningSequence {
  let codes: Map<number, number>;
  try {
    codes = computeLowLevelCodes(ids, edges);
  } catch (e) {
    throw e instanceof BomCycleError ? new BomCycleError(e.path, describe) : e;
  }
  const n = ids.length;
  const lowLevelCode = new Int32Array(n);
  let deepest = 0;
  for (let i = 0; i < n; i++) {
    lowLevelCode[i] = codes.get(ids[i])!;
    if (lowLevelCode[i] > deepest) deepest = lowLevelCode[i];
  }
  // Counting sort by code: O(n), stable.
  const start = new Int32Array(deepest + 2);
  for (let i = 0; i < n; i++) start[lowLevelCode[i] + 1]++;
  for (let c = 0; c < deepest + 1; c++) start[c + 1] += start[c];
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[start[lowLevelCode[i]]++] = i;
  return { order, lowLevelCode };
}
