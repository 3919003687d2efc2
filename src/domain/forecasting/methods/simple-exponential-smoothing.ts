import { bestOfGrid, SMOOTHING_GRID, type Fit } from "./fit";

/**
 * Simple exponential smoothing: level ℓ₁ = y₁, ℓₜ = α·yₜ + (1−α)·ℓₜ₋₁; each bucket is predicted by the level
 * before it, and the forecast is the last level, flat.
 */
export function simpleExponentialSmoothing(y: readonly number[], horizon: number, alpha: number): Fit {
  let level = y[0];
  let sse = 0;
  for (let t = 1; t < y.length; t++) {
    const e = y[t] - level;
    sse += e * e;
    level += alpha * e;
  }
  return { forecast: new Array<number>(horizon).fill(level), sse };
}

/** SES with α chosen on the fit. */
export const sesForecast = (y: readonly number[], horizon: number) =>
  bestOfGrid(SMOOTHING_GRID, (alpha) => simpleExponentialSmoothing(y, horizon, alpha));
