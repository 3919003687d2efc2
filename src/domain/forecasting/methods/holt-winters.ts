import { bestOfGrid, type Fit } from "./fit";

export interface HoltWintersParameters {
  alpha: number;
  beta: number;
  gamma: number;
}

/**
 * Additive Holt-Winters (level, trend, season of length m). Needs two full seasons: the level starts as
 * the first season's mean, the trend as the change between the first two seasons' means over m, the
 * seasonal indices as the first season's deviations from its mean. From bucket m on:
 *   ŷₜ = ℓ + b + sₜ₋ₘ;  ℓ' = α(yₜ − sₜ₋ₘ) + (1−α)(ℓ + b);  b' = β(ℓ' − ℓ) + (1−β)b;  sₜ = γ(yₜ − ℓ') + (1−γ)sₜ₋ₘ
 * and the forecast h buckets ahead is ℓ + h·b + s of the same season position. Null when shorter than 2m.
 */
export function holtWinters(y: readonly number[], horizon: number, m: number, p: HoltWintersParameters): Fit | null {
  if (m < 2 || y.length < 2 * m) return null;
  let first = 0;
  let second = 0;
  for (let i = 0; i < m; i++) {
    first += y[i];
    second += y[m + i];
  }
  let level = first / m;
  let trend = (second - first) / (m * m);
  const season = new Float64Array(y.length + horizon);
  for (let i = 0; i < m; i++) season[i] = y[i] - level;
  let sse = 0;
  for (let t = m; t < y.length; t++) {
    const s = season[t - m];
    const e = y[t] - (level + trend + s);
    sse += e * e;
    const next = p.alpha * (y[t] - s) + (1 - p.alpha) * (level + trend);
    trend = p.beta * (next - level) + (1 - p.beta) * trend;
    level = next;
    season[t] = p.gamma * (y[t] - level) + (1 - p.gamma) * s;
  }
  const n = y.length;
  const forecast = new Array<number>(horizon);
  for (let h = 1; h <= horizon; h++) forecast[h - 1] = level + h * trend + season[n - m + ((h - 1) % m)];
  return { forecast, sse };
}

/** The grid α × β × γ searched on the fit (β small: a trend should not chase noise). */
export const HOLT_WINTERS_GRID: readonly HoltWintersParameters[] = [0.1, 0.3, 0.5, 0.7].flatMap((alpha) =>
  [0.05, 0.1, 0.3].flatMap((beta) => [0.1, 0.3, 0.5].map((gamma) => ({ alpha, beta, gamma }))),
);

export const holtWintersForecast = (y: readonly number[], horizon: number, seasonLength: number) =>
  bestOfGrid(HOLT_WINTERS_GRID, (p) => holtWinters(y, horizon, seasonLength, p));
