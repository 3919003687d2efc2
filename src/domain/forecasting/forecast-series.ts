import { badInput } from "../shared/domain-error";
import { accuracy, criterionOf, scoreOf, type Accuracy, type Criterion } from "./methods/accuracy";
import { crostonForecast, sbaForecast } from "./methods/croston";
import type { Fit } from "./methods/fit";
import { holtWintersForecast } from "./methods/holt-winters";
import { movingAverageForecast } from "./methods/moving-average";
import { sesForecast } from "./methods/simple-exponential-smoothing";

/** The methods, in the order ties are broken (the simpler first). */
export const FORECAST_METHODS = ["MOVING_AVERAGE", "SES", "HOLT_WINTERS", "CROSTON", "SBA"] as const;
export type ForecastMethod = (typeof FORECAST_METHODS)[number];

const FIT: Record<ForecastMethod, (y: readonly number[], horizon: number, seasonLength: number) => Fit | null> = {
  MOVING_AVERAGE: movingAverageForecast,
  SES: sesForecast,
  HOLT_WINTERS: holtWintersForecast,
  CROSTON: crostonForecast,
  SBA: sbaForecast,
};

/** A history needs this many buckets before its hold-out (some methods need more, see each). */
export const MIN_TRAINING_BUCKETS = 3;

export interface SeriesOptions {
  horizon: number;
  holdOut: number;
  /** buckets in a season: 52 weeks, 12 months, 7 days */
  seasonLength: number;
  /** default: all */
  methods?: readonly string[];
}

export interface MethodScore extends Accuracy {
  method: ForecastMethod;
  chosen: boolean;
}

export interface SeriesForecast {
  method: ForecastMethod;
  criterion: Criterion;
  /** the chosen method refitted on the whole history; never negative */
  forecast: number[];
  /** the methods that could be fitted, with their hold-out scores */
  scores: MethodScore[];
}

/** The methods asked for; an unknown one is a typed error naming the field. */
export function validMethods(methods: readonly string[] | undefined | null): ForecastMethod[] {
  if (!methods) return [...FORECAST_METHODS];
  if (!methods.length) throw badInput("methods must name at least one method", { field: "methods" });
  for (const m of methods) {
    if (!(FORECAST_METHODS as readonly string[]).includes(m)) throw badInput(`methods: unknown method ${JSON.stringify(m)} (known: ${FORECAST_METHODS.join(", ")})`, { field: "methods", method: m });
  }
  return FORECAST_METHODS.filter((m) => methods.includes(m));
}

/** Bad counts of buckets, each a typed error naming its field. */
export function checkBuckets(historyLength: number, o: { horizon: number; holdOut: number }, historyField = "history"): void {
  if (!Number.isInteger(o.horizon) || o.horizon < 1) throw badInput("horizon must be a whole number of buckets, at least 1", { field: "horizonBuckets" });
  if (!Number.isInteger(o.holdOut) || o.holdOut < 1) throw badInput("holdOut must be a whole number of buckets, at least 1", { field: "holdOutBuckets" });
  if (historyLength === 0) throw badInput(`${historyField} is empty`, { field: historyField });
  if (o.holdOut >= historyLength) throw badInput(`holdOut (${o.holdOut}) must be shorter than the history (${historyLength} buckets)`, { field: "holdOutBuckets" });
  if (historyLength - o.holdOut < MIN_TRAINING_BUCKETS) {
    throw badInput(`${historyField} is too short: ${historyLength} buckets leave fewer than ${MIN_TRAINING_BUCKETS} before a hold-out of ${o.holdOut}`, { field: historyField, min: o.holdOut + MIN_TRAINING_BUCKETS });
  }
}

/**
 * Forecasts one series: each method is fitted on the history without its last `holdOut` buckets and scored
 * on them; the best score (on the criterion of `criterionOf`, ties to the earlier method in FORECAST_METHODS)
 * wins, and is refitted on the whole history for the forecast. Methods that cannot fit (Holt-Winters
 * without two seasons, Croston without demand) are left out.
 */
export function forecastSeries(history: readonly number[], o: SeriesOptions): SeriesForecast {
  checkBuckets(history.length, o);
  const methods = validMethods(o.methods);
  const split = history.length - o.holdOut;
  const training = history.slice(0, split);
  const actual = history.slice(split);
  const fitted: { method: ForecastMethod; accuracy: Accuracy }[] = [];
  for (const method of methods) {
    const fit = FIT[method](training, o.holdOut, o.seasonLength);
    if (fit) fitted.push({ method, accuracy: accuracy(actual, fit.forecast.map(clip), training) });
  }
  if (!fitted.length) throw badInput(`history is too short for ${methods.join(", ")}`, { field: "history" });
  const criterion = criterionOf(fitted[0].accuracy);
  let best = fitted[0];
  for (const f of fitted) if (scoreOf(f.accuracy, criterion) < scoreOf(best.accuracy, criterion)) best = f;
  const final = FIT[best.method](history, o.horizon, o.seasonLength)!;
  return {
    method: best.method,
    criterion,
    forecast: final.forecast.map(clip),
    scores: fitted.map((f) => ({ method: f.method, chosen: f === best, ...f.accuracy })),
  };
}

/** Demand is never negative (a trend may run below zero). */
const clip = (v: number) => (v > 0 ? v : 0);
