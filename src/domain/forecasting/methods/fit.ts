/**
 * What every method returns: the forecast for the next `horizon` buckets and the sum of squared one-step-ahead
 * errors over the history (how a method's parameters are chosen: the grid point with the smallest).
 */
export interface Fit {
  forecast: number[];
  sse: number;
}

/** The fit with the smallest one-step error among the grid's points (the first on ties). */
export function bestOfGrid<P>(grid: readonly P[], fit: (point: P) => Fit | null): Fit | null {
  let best: Fit | null = null;
  for (const point of grid) {
    const f = fit(point);
    if (f && (!best || f.sse < best.sse)) best = f;
  }
  return best;
}

/** The smoothing constants the methods' grid searches try. */
export const SMOOTHING_GRID = [0.1, 0.2, 0.3, 0.5, 0.7, 0.9] as const;
