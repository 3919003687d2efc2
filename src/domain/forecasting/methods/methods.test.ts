/**
 * Each method against its recurrence worked by hand on a short series (the arithmetic is written out here,
 * step by step, not taken from the code).
 */
import { accuracy } from "./accuracy";
import { croston } from "./croston";
import { holtWinters } from "./holt-winters";
import { movingAverage } from "./moving-average";
import { simpleExponentialSmoothing } from "./simple-exponential-smoothing";

describe("simple exponential smoothing", () => {
  test("α = 0.5 on 10, 12, 11, 13", () => {
    // ℓ = 10; 12: e = 2, ℓ = 11; 11: e = 0, ℓ = 11; 13: e = 2, ℓ = 12
    const fit = simpleExponentialSmoothing([10, 12, 11, 13], 2, 0.5);
    expect(fit.forecast).toEqual([12, 12]);
    expect(fit.sse).toBe(2 * 2 + 0 + 2 * 2);
  });
});

describe("moving average", () => {
  test("window 2 on a trend 2, 4, 6, 8, 10", () => {
    // predictions (2+4)/2 = 3, (4+6)/2 = 5, (6+8)/2 = 7 against 6, 8, 10: each off by 3; forecast (8+10)/2
    const fit = movingAverage([2, 4, 6, 8, 10], 3, 2)!;
    expect(fit.forecast).toEqual([9, 9, 9]);
    expect(fit.sse).toBe(3 * 9);
  });

  test("errors counted from scoreFrom only; no window longer than the history", () => {
    expect(movingAverage([2, 4, 6, 8, 10], 1, 2, 4)!.sse).toBe(9);
    expect(movingAverage([1, 2], 1, 3)).toBeNull();
  });
});

describe("Croston and SBA on intermittent demand 0, 0, 5, 0, 3, 0, 0, 4 (α = 0.5)", () => {
  // first demand in bucket 3: z = 5, p = 3
  // bucket 4 (0):  predicted 5/3
  // bucket 5 (3):  predicted 5/3; z = 5 + 0.5·(3 − 5) = 4, p = 3 + 0.5·(2 − 3) = 2.5
  // bucket 6, 7:   predicted 4/2.5 = 1.6
  // bucket 8 (4):  predicted 1.6; z = 4, p = 2.5 + 0.5·(3 − 2.5) = 2.75
  const y = [0, 0, 5, 0, 3, 0, 0, 4];
  const sse = (5 / 3) ** 2 + (3 - 5 / 3) ** 2 + 1.6 ** 2 + 1.6 ** 2 + (4 - 1.6) ** 2;

  test("Croston forecasts z/p", () => {
    const fit = croston(y, 2, 0.5)!;
    expect(fit.forecast[0]).toBeCloseTo(4 / 2.75, 12);
    expect(fit.forecast[1]).toBeCloseTo(4 / 2.75, 12);
    expect(fit.sse).toBeCloseTo(sse, 12);
  });

  test("SBA forecasts (1 − α/2)·z/p", () => {
    expect(croston(y, 1, 0.5, true)!.forecast[0]).toBeCloseTo(0.75 * (4 / 2.75), 12);
  });

  test("no demand at all: nothing to fit", () => {
    expect(croston([0, 0, 0], 1, 0.5)).toBeNull();
  });
});

describe("additive Holt-Winters", () => {
  test("α = β = γ = 0.5, season 2, on 1, 3, 3, 5, 5, 7 (trend and season)", () => {
    // start: ℓ = mean(1, 3) = 2, b = (mean(3, 5) − 2)/2 = 1, s = [1 − 2, 3 − 2] = [−1, 1]
    // t=3 (y 3): ŷ = 2 + 1 − 1 = 2;        ℓ = .5(3 + 1) + .5(2 + 1) = 3.5;          b = .5(1.5) + .5(1) = 1.25;        s = .5(3 − 3.5) + .5(−1) = −0.75
    // t=4 (y 5): ŷ = 3.5 + 1.25 + 1 = 5.75; ℓ = .5(5 − 1) + .5(4.75) = 4.375;         b = .5(0.875) + .5(1.25) = 1.0625;  s = .5(0.625) + .5(1) = 0.8125
    // t=5 (y 5): ŷ = 4.375 + 1.0625 − .75 = 4.6875; ℓ = .5(5.75) + .5(5.4375) = 5.59375; b = .5(1.21875) + .5(1.0625) = 1.140625; s = .5(−0.59375) + .5(−.75) = −0.671875
    // t=6 (y 7): ŷ = 5.59375 + 1.140625 + .8125 = 7.546875; ℓ = .5(6.1875) + .5(6.734375) = 6.4609375;
    //            b = .5(0.8671875) + .5(1.140625) = 1.00390625; s = .5(0.5390625) + .5(0.8125) = 0.67578125
    const fit = holtWinters([1, 3, 3, 5, 5, 7], 3, 2, { alpha: 0.5, beta: 0.5, gamma: 0.5 })!;
    const level = 6.4609375;
    const trend = 1.00390625;
    expect(fit.forecast).toEqual([level + trend - 0.671875, level + 2 * trend + 0.67578125, level + 3 * trend - 0.671875]);
    expect(fit.sse).toBeCloseTo((3 - 2) ** 2 + (5 - 5.75) ** 2 + (5 - 4.6875) ** 2 + (7 - 7.546875) ** 2, 12);
  });

  test("a perfect season is forecast exactly", () => {
    const fit = holtWinters([10, 30, 10, 30, 10, 30], 3, 2, { alpha: 0.3, beta: 0.1, gamma: 0.3 })!;
    expect(fit.forecast).toEqual([10, 30, 10]);
    expect(fit.sse).toBe(0);
  });

  test("needs two full seasons", () => {
    expect(holtWinters([1, 2, 3], 1, 2, { alpha: 0.5, beta: 0.5, gamma: 0.5 })).toBeNull();
  });
});

describe("accuracy", () => {
  test("MAPE, MASE and WAPE of a forecast 12, 18 against 10, 20 after a history 8, 12, 10", () => {
    // errors 2 and 2; naive one-step error of the history (4 + 2)/2 = 3
    const a = accuracy([10, 20], [12, 18], [8, 12, 10]);
    expect(a.mape).toBeCloseTo((100 * (2 / 10 + 2 / 20)) / 2, 12);
    expect(a.mase).toBeCloseTo(2 / 3, 12);
    expect(a.wape).toBeCloseTo((100 * 4) / 30, 12);
    expect(a.mae).toBe(2);
  });

  test("undefined where a zero makes them so", () => {
    expect(accuracy([0, 5], [1, 5], [3, 3, 3])).toEqual({ mape: null, mase: null, wape: (100 * 1) / 5, mae: 0.5 });
    expect(accuracy([0, 0], [1, 1], [3, 3, 3]).wape).toBeNull();
  });
});
