import { bestOfGrid, type Fit } from "./fit";

/**
 * Moving average of the last `window` buckets, flat. Each bucket from `window` on is predicted by the mean of
 * the ones before it; errors are summed from `scoreFrom` on (so that windows compare over the same buckets).
 */
export function movingAverage(y: readonly number[], horizon: number, window: number, scoreFrom = window): Fit | null {
  if (window < 1 || window > y.length) return null;
  let sum = 0;
  for (let t = 0; t < window; t++) sum += y[t];
  let sse = 0;
  for (let t = window; t < y.length; t++) {
    const e = y[t] - sum / window;
    if (t >= scoreFrom) sse += e * e;
    sum += y[t] - y[t - window];
  }
  return { forecast: new Array<number>(horizon).fill(sum / window), sse };
}

export const MOVING_AVERAGE_WINDOWS = [3, 4, 6, 8, 12] as const;

/** The window chosen on the fit, windows compared over the buckets the longest of them predicts. */
export function movingAverageForecast(y: readonly number[], horizon: number): Fit | null {
  const windows = MOVING_AVERAGE_WINDOWS.filter((w) => w < y.length);
  if (!windows.length) return null;
  const scoreFrom = windows[windows.length - 1];
  return bestOfGrid(windows, (w) => movingAverage(y, horizon, w, scoreFrom));
}
