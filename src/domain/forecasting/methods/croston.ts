import { bestOfGrid, SMOOTHING_GRID, type Fit } from "./fit";

/**
 * Croston's method for intermittent demand: sizes zₜ and intervals pₜ of the non-zero buckets are smoothed
 * separately (both with α), starting from the first non-zero bucket (z = its demand, p = its position,
 * counted from 1). A bucket's prediction is z/p as it stood before it; the forecast is z/p, flat. SBA
 * (Syntetos–Boylan) corrects Croston's bias by (1 − α/2). Null without any demand.
 */
export function croston(y: readonly number[], horizon: number, alpha: number, sba = false): Fit | null {
  const first = y.findIndex((v) => v !== 0);
  if (first < 0) return null;
  const factor = sba ? 1 - alpha / 2 : 1;
  let size = y[first];
  let interval = first + 1;
  let since = 1;
  let sse = 0;
  for (let t = first + 1; t < y.length; t++) {
    const e = y[t] - (factor * size) / interval;
    sse += e * e;
    if (y[t] !== 0) {
      size += alpha * (y[t] - size);
      interval += alpha * (since - interval);
      since = 1;
    } else {
      since++;
    }
  }
  return { forecast: new Array<number>(horizon).fill((factor * size) / interval), sse };
}

export const crostonForecast = (y: readonly number[], horizon: number) => bestOfGrid(SMOOTHING_GRID, (alpha) => croston(y, horizon, alpha));
export const sbaForecast = (y: readonly number[], horizon: number) => bestOfGrid(SMOOTHING_GRID, (alpha) => croston(y, horizon, alpha, true));
