import { badInput } from "../shared/domain-error";
import { explodeMaterial } from "./dependent-demand";
import type { MrpInput, MrpOptions, MrpPlan, MrpStep } from "./mrp.types";
import { netMaterial } from "./net-requirements";
import { assemblePlan, SuppliesFromColumns } from "./plan-result";
import { PlanState } from "./plan-state";
import { PegScratch, pegMaterial } from "./pegging";
import { compileInput } from "./planning-input";
import { planningSequence } from "./planning-sequence";

/**
 * One MRP run over plain data: validates the input (BAD_USER_INPUT, BOM_CYCLE: thrown before anything
 * is planned), orders materials by low-level code, then nets each material once — after all its
 * parents — pegs its planned supply to the top-level demands it serves, and explodes its planned orders
 * into its components' gross requirements. Quantities leaving the exact range abort the run with
 * LIMIT_EXCEEDED. Pure and synchronous: no I/O, the input is not modified, and an error returns nothing.
 */
export function planMrp(input: MrpInput, options: MrpOptions = {}): MrpPlan {
  const steps = planMrpInSteps(input);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    options.onProgress?.(step.value.phase, step.value.percent);
  }
}

/**
 * The same run, paused at each progress step (about 15 per run, never per material): whoever drives it
 * may do other work between steps — the hub lets other requests in, so that a large run does not hold
 * its event loop for the whole computation, and stores the supplies each netting step finished
 * (MrpStep.supplies) while the next one is planned.
 */
export function* planMrpInSteps(input: MrpInput): Generator<MrpStep, MrpPlan> {
  yield { phase: "VALIDATING", percent: 0 };
  for (const key of ["materials", "bomLines", "demands", "scheduledReceipts"] as const) {
    if (!Array.isArray(input?.[key])) throw badInput(`${key} must be an array`, { field: key });
  }
  const planning = compileInput(input);

  yield { phase: "SEQUENCING", percent: 10 };
  const codes = planning.materialCodes;
  const sequence = planningSequence(planning, (id) => codes[planning.indexOf.get(id)!] ?? String(id));

  yield { phase: "NETTING", percent: 15 };
  const state = new PlanState(planning);
  const { demands } = planning;
  for (let d = 0; d < demands.count; d++) {
    state.addRequirement(demands.material[d], demands.bucket[d], d, demands.quantity[d]);
    state.addGross(demands.material[d], demands.bucket[d], demands.quantity[d]);
  }
  const scratch = new PegScratch(demands.count + 3, planning.horizon);
  const lots: number[] = [];
  const n = planning.materialCount;
  const made = new SuppliesFromColumns(state);
  let madeUpTo = 0;
  /** the supplies of the materials netted since the last step: final, as the materials after them never change them */
  const nettedSince = (k: number) => made.of(sequence.order, madeUpTo, (madeUpTo = k));
  // A step every tenth of the materials: at most 10 however large the run.
  const step = Math.max(1, Math.ceil(n / 10));
  for (let k = 0; k < n; k++) {
    const m = sequence.order[k];
    netMaterial(state, m, lots);
    pegMaterial(state, m, scratch);
    explodeMaterial(state, m);
    if ((k + 1) % step === 0 && k + 1 < n) yield { phase: "NETTING", percent: 15 + Math.floor((75 * (k + 1)) / n), supplies: nettedSince(k + 1) };
  }

  yield { phase: "ASSEMBLING", percent: 90, supplies: nettedSince(n) };
  const plan = assemblePlan(state, sequence, made);
  yield { phase: "DONE", percent: 100 };
  return plan;
}
