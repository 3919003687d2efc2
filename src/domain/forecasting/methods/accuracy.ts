/**
 * Hold-out scores of a forecast against what happened. Each is null where it is undefined:
 * - MAPE, mean of |e|/|a| in %: when an actual is zero;
 * - MASE, mean |e| over the mean |yₜ − yₜ₋₁| of the training history (the naive one-step error): when the
 *   history never changed;
 * - WAPE, Σ|e| / Σ|a| in %: when every actual is zero.
 */
export interface Accuracy {
  mape: number | null;
  mase: number | null;
  wape: number | null;
  /** mean absolute error, the last resort when all three are undefined */
  mae: number;
}

export function accuracy(actual: readonly number[], forecast: readonly number[], training: readonly number[]): Accuracy {
  let absError = 0;
  let absActual = 0;
  let pct = 0;
  let zero = false;
  for (let i = 0; i < actual.length; i++) {
    const e = Math.abs(actual[i] - forecast[i]);
    absError += e;
    absActual += Math.abs(actual[i]);
    if (actual[i] === 0) zero = true;
    else pct += e / Math.abs(actual[i]);
  }
  let naive = 0;
  for (let t = 1; t < training.length; t++) naive += Math.abs(training[t] - training[t - 1]);
  const mae = absError / actual.length;
  return {
    mape: zero ? null : (100 * pct) / actual.length,
    mase: naive === 0 ? null : mae / (naive / (training.length - 1)),
    wape: absActual === 0 ? null : (100 * absError) / absActual,
    mae,
  };
}

export type Criterion = "MAPE" | "MASE" | "WAPE" | "MAE";

/** The score a material's methods are compared on: MAPE where defined, else MASE, else WAPE, else MAE (same for all its methods). */
export function criterionOf(a: Accuracy): Criterion {
  if (a.mape !== null) return "MAPE";
  if (a.mase !== null) return "MASE";
  return a.wape !== null ? "WAPE" : "MAE";
}

export function scoreOf(a: Accuracy, criterion: Criterion): number {
  const v = { MAPE: a.mape, MASE: a.mase, WAPE: a.wape, MAE: a.mae }[criterion];
  return v ?? Number.POSITIVE_INFINITY;
}
