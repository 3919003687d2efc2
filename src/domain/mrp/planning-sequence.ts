import { BomCycleError } from "../bom/bom.errors";
import { lowLevelCodes } from "../bom/low-level-codes";
import type { PlanningInput } from "./planning-input";

export interface PlanningSequence {
  /** Material indices, by low-level code; input order within a code. */
  readonly order: Int32Array;
  /** Low-level code per material index. */
  readonly lowLevelCode: Int32Array;
}

/**
 * The order in which materials are netted: by low-level code, so every material comes after all of its
 * parents (a parent's code is strictly lower than each of its components'), and its gross requirements
 * are complete when it is netted. The codes come from the run's compiled BOM (by material index);
 * `describe` names materials (by id) in the BomCycleError thrown for a cyclic BOM.
 */
export function planningSequence(
  input: Pick<PlanningInput, "materialIds" | "lineStart" | "lineComponent">,
  describe: (id: number) => string = String,
): PlanningSequence {
  let lowLevelCode: Int32Array;
  try {
    lowLevelCode = lowLevelCodes({ firstComponent: input.lineStart, components: input.lineComponent }, input.materialIds);
  } catch (e) {
    throw e instanceof BomCycleError ? new BomCycleError(e.path, describe) : e;
  }
  const n = lowLevelCode.length;
  let deepest = 0;
  for (let i = 0; i < n; i++) if (lowLevelCode[i] > deepest) deepest = lowLevelCode[i];
  // Counting sort by code: O(n), stable.
  const start = new Int32Array(deepest + 2);
  for (let i = 0; i < n; i++) start[lowLevelCode[i] + 1]++;
  for (let c = 0; c < deepest + 1; c++) start[c + 1] += start[c];
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[start[lowLevelCode[i]]++] = i;
  return { order, lowLevelCode };
}
