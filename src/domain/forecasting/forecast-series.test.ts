import { DomainError } from "../shared/domain-error";
import { forecastSeries } from "./forecast-series";

const fieldOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return [(e as DomainError).code, (e as DomainError).details.field];
  }
  throw new Error("no error");
};

describe("forecastSeries picks the best method on the hold-out", () => {
  test("a seasonal series: Holt-Winters, with MAPE 0 (a moving average scores 66.7 %)", () => {
    const y = [10, 30, 10, 30, 10, 30, 10, 30, 10, 30];
    const r = forecastSeries(y, { horizon: 3, holdOut: 2, seasonLength: 2 });
    expect(r.method).toBe("HOLT_WINTERS");
    expect(r.criterion).toBe("MAPE");
    expect(r.forecast).toEqual([10, 30, 10]);
    const score = Object.fromEntries(r.scores.map((s) => [s.method, s]));
    expect(score.HOLT_WINTERS.mape).toBe(0);
    expect(score.HOLT_WINTERS.chosen).toBe(true);
    // windows 3, 4 and 6 fit on the last two training buckets (10, 30): 3 predicts 23.3 and 16.7, 4 and 6
    // predict 20 (the tie goes to 4); the 4 buckets before the hold-out average 20, against 10 and 30
    expect(score.MOVING_AVERAGE.mape).toBeCloseTo((100 * (10 / 10 + 10 / 30)) / 2, 10);
    expect(r.scores.filter((s) => s.chosen)).toHaveLength(1);
  });

  test("a hold-out with a zero is judged by MASE, MAPE undefined", () => {
    const y = [0, 0, 4, 0, 0, 4, 0, 0, 4, 0, 0, 4];
    const r = forecastSeries(y, { horizon: 2, holdOut: 3, seasonLength: 3 });
    expect(r.criterion).toBe("MASE");
    expect(r.scores.every((s) => s.mape === null)).toBe(true);
    const best = Math.min(...r.scores.map((s) => s.mase!));
    expect(r.scores.find((s) => s.chosen)!.mase).toBe(best);
    // the training's naive error: |Δ| over 0,0,4,0,0,4,0,0,4 is 4 six times in 8 steps = 3
    const chosen = r.scores.find((s) => s.chosen)!;
    expect(chosen.mase).toBeCloseTo(chosen.mae / 3, 12);
  });

  test("a falling trend is never forecast below zero", () => {
    const r = forecastSeries([50, 40, 30, 20, 10, 5, 2, 1], { horizon: 6, holdOut: 2, seasonLength: 2, methods: ["HOLT_WINTERS"] });
    expect(r.forecast.every((v) => v >= 0)).toBe(true);
  });

  test("only the methods asked for", () => {
    const r = forecastSeries([1, 2, 3, 4, 5, 6], { horizon: 1, holdOut: 2, seasonLength: 52, methods: ["SES", "CROSTON"] });
    expect(r.scores.map((s) => s.method)).toEqual(["SES", "CROSTON"]);
  });
});

describe("bad input: a typed error naming the field", () => {
  const o = { horizon: 2, holdOut: 2, seasonLength: 4 };
  test.each([
    ["empty history", () => forecastSeries([], o), "history"],
    ["too short a history", () => forecastSeries([1, 2, 3, 4], o), "history"],
    ["a hold-out as long as the history", () => forecastSeries([1, 2], o), "holdOutBuckets"],
    ["a hold-out longer than the history", () => forecastSeries([1, 2, 3], { ...o, holdOut: 5 }), "holdOutBuckets"],
    ["horizon 0", () => forecastSeries([1, 2, 3, 4, 5], { ...o, horizon: 0 }), "horizonBuckets"],
    ["negative horizon", () => forecastSeries([1, 2, 3, 4, 5], { ...o, horizon: -1 }), "horizonBuckets"],
    ["unknown method", () => forecastSeries([1, 2, 3, 4, 5], { ...o, methods: ["ARIMA"] }), "methods"],
  ])("%s", (_, fn, field) => {
    expect(fieldOf(fn)).toEqual(["BAD_USER_INPUT", field]);
  });
});
