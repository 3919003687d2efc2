/**
 * Forecasting benchmark (the methods and selection only: no database):
 *   npm run bench:forecast [-- --materials=10000 --weeks=156 --rounds=3]
 *
 * 10k materials × 3 years of weekly history, a quarter each of flat-noisy, trending, seasonal (52-week
 * season) and intermittent demand, from a seeded generator. Each round times, on the same series:
 * - the baseline: a moving average alone (its window still chosen on the fit, scored on the hold-out);
 * - SES alone (a second reference);
 * - all methods (moving average, SES, Holt-Winters with its 36-point grid, Croston, SBA), scored on a
 *   13-week hold-out, the best chosen and refitted for a 26-week horizon — what a forecast run computes.
 * Printed: materials per second (CPU seconds, user + system: the figure that means something on a shared
 * machine) and the ratio of all methods to the baseline, per round; then the best of the rounds.
 */
import { forecastSeries } from "../../src/domain/forecasting/forecast-series";
import { benchFlags, environment, figure, runBench } from "../harness";

const { materials: MATERIALS, weeks: WEEKS, rounds: ROUNDS } = benchFlags({ materials: 10_000, weeks: 156, rounds: 3 });
const OPTIONS = { horizon: 26, holdOut: 13, seasonLength: 52 };

/** Mulberry32: a small seeded generator, so every run forecasts the same series. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generate(): number[][] {
  const rnd = random(4711);
  return Array.from({ length: MATERIALS }, (_, i) => {
    const base = 20 + rnd() * 200;
    return Array.from({ length: WEEKS }, (_, t) => {
      const noise = (rnd() - 0.5) * 0.4 * base;
      switch (i % 4) {
        case 0: return Math.max(0, Math.round(base + noise));
        case 1: return Math.max(0, Math.round(base + t * base * 0.01 + noise));
        case 2: return Math.max(0, Math.round(base + base * 0.5 * Math.sin((2 * Math.PI * t) / 52) + noise));
        default: return rnd() < 0.2 ? Math.round(base * (0.5 + rnd())) : 0;
      }
    });
  });
}

const cpuNow = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

function timed(series: number[][], methods?: string[]) {
  const cpu0 = cpuNow();
  let checksum = 0;
  const chosen: Record<string, number> = {};
  for (const y of series) {
    const r = forecastSeries(y, { ...OPTIONS, methods });
    checksum += r.forecast[0];
    chosen[r.method] = (chosen[r.method] ?? 0) + 1;
  }
  return { seconds: cpuNow() - cpu0, checksum, chosen };
}

async function main() {
  const series = generate();
  console.log(`${environment()}\nforecast bench: ${MATERIALS} materials × ${WEEKS} weeks, hold-out ${OPTIONS.holdOut}, horizon ${OPTIONS.horizon}`);
  // warm-up (JIT) on a tenth
  for (const y of series.slice(0, MATERIALS / 10)) forecastSeries(y, OPTIONS);
  const best = { baseline: Infinity, ses: Infinity, all: Infinity };
  let chosen: Record<string, number> = {};
  for (let round = 1; round <= ROUNDS; round++) {
    const baseline = timed(series, ["MOVING_AVERAGE"]);
    const ses = timed(series, ["SES"]);
    const all = timed(series);
    chosen = all.chosen;
    best.baseline = Math.min(best.baseline, baseline.seconds);
    best.ses = Math.min(best.ses, ses.seconds);
    best.all = Math.min(best.all, all.seconds);
    console.log(
      `round ${round}: moving average ${(MATERIALS / baseline.seconds).toFixed(0)} materials/s, SES ${(MATERIALS / ses.seconds).toFixed(0)}/s, ` +
        `all methods + selection ${(MATERIALS / all.seconds).toFixed(0)}/s (${all.seconds.toFixed(2)} CPU s) = ${(all.seconds / baseline.seconds).toFixed(1)}× the moving average, ${(all.seconds / ses.seconds).toFixed(1)}× SES`,
    );
  }
  console.log(
    `best of ${ROUNDS}: all methods + selection ${(MATERIALS / best.all).toFixed(0)} materials/s (${best.all.toFixed(2)} CPU s for ${MATERIALS}), ` +
      `${(best.all / best.baseline).toFixed(1)}× the moving average alone, ${(best.all / best.ses).toFixed(1)}× SES alone`,
  );
  console.log(`methods chosen: ${JSON.stringify(chosen)}`);
  figure("forecast", `forecast, all methods + selection / moving average alone (CPU, ${MATERIALS} materials × ${WEEKS} weeks)`, best.all / best.baseline, "ratio");
  figure("forecast", `forecast, all methods + selection, ${MATERIALS} materials (CPU)`, best.all, "s");
}

runBench(main);
