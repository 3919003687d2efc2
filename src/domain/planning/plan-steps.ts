import { setImmediate as nextTurn } from "node:timers/promises";
import type { MrpStep } from "../mrp";

/**
 * Drives a planning generator (planMrpInSteps: about 15 steps a run), letting the process's other requests
 * in between steps, so that a large run does not hold the event loop for its whole computation.
 */
export async function stepThrough<T>(steps: Generator<MrpStep, T>, onStep: (step: MrpStep) => Promise<void> = async () => undefined): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await nextTurn();
    await onStep(step.value);
  }
}
