import { DomainError } from "../shared/domain-error";
import { computePolicy, leadTimeSigma, roundUp, seriesStats } from "./safety-stock";

// Eight weeks of demand: mean 100, deviations −20 −10 0 +10 +20 −10 +10 0 → Σd² = 400+100+0+100+400+100+100+0 = 1200,
// sample variance 1200 / 7, σd = √(1200/7) = 13.0930734…
const WEEKS = [80, 90, 100, 110, 120, 90, 110, 100];
const SIGMA_D = Math.sqrt(1200 / 7);

test("mean and sample standard deviation of the series", () => {
  const s = seriesStats(WEEKS);
  expect(s.mean).toBe(100);
  expect(s.sigma).toBeCloseTo(SIGMA_D, 12);
});

test("a constant lead time: SS = z·σd·√LT, ROP = SS + d̄·LT (LT 14 days = 2 weeks, 95 %)", () => {
  const p = computePolicy({ serviceLevel: 0.95, bucket: "WEEK", demand: WEEKS, leadTimeDays: 14, leadTimeSigmaDays: 0, precision: 3 });
  // z(0.95) from the table: 1.644853627
  const ss = 1.644853627 * SIGMA_D * Math.SQRT2; // 30.45744…
  expect(p.z).toBeCloseTo(1.644853627, 8);
  expect(p.safetyStock).toBe(Math.ceil(ss * 1000) / 1000);
  expect(p.reorderPoint).toBe(Math.ceil((ss + 200) * 1000) / 1000);
});

test("a varying lead time adds d̄²·σLT² (LT 14 ± 3.5 days = 2 ± 0.5 weeks, 98 %)", () => {
  const p = computePolicy({ serviceLevel: 0.98, bucket: "WEEK", demand: WEEKS, leadTimeDays: 14, leadTimeSigmaDays: 3.5, precision: 0 });
  // √(2·1200/7 + 100²·0.25) = √(342.857… + 2500) = 53.3185…; × z(0.98) 2.053748911 = 109.50…
  const ss = 2.053748911 * Math.sqrt(2 * (1200 / 7) + 10000 * 0.25);
  expect(p.safetyStock).toBe(Math.ceil(ss));
  expect(p.reorderPoint).toBe(Math.ceil(ss + 200));
  expect(p.demandSigma).toBeCloseTo(SIGMA_D, 12);
});

test("monthly buckets turn days into months of 365.25/12 days", () => {
  const p = computePolicy({ serviceLevel: 0.9, bucket: "MONTH", demand: [10, 20, 30, 40], leadTimeDays: 30.4375, leadTimeSigmaDays: 0, precision: 6 });
  // mean 25, σ = √((225+25+25+225)/3) = √(500/3); LT one month
  const ss = 1.281551566 * Math.sqrt(500 / 3);
  expect(p.safetyStock).toBeCloseTo(ss, 5);
  expect(p.reorderPoint).toBeCloseTo(ss + 25, 5);
});

test("lead time σ from observations: none or one gives 0", () => {
  expect(leadTimeSigma([])).toBe(0);
  expect(leadTimeSigma([9])).toBe(0);
  // 10, 12, 14: mean 12, sample variance (4+0+4)/2 = 4
  expect(leadTimeSigma([10, 12, 14])).toBe(2);
});

test("rounding up to the unit's decimals ignores floating-point noise", () => {
  expect(roundUp(1.0000000000001, 3)).toBe(1);
  expect(roundUp(1.0001, 3)).toBe(1.001);
  expect(roundUp(0, 0)).toBe(0);
});

const fieldOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe("BAD_USER_INPUT");
    return (e as DomainError).details.field;
  }
  throw new Error("no error");
};

test("bad input is refused naming the field", () => {
  const ok = { serviceLevel: 0.95, bucket: "WEEK" as const, demand: WEEKS, leadTimeDays: 7, leadTimeSigmaDays: 0, precision: 0 };
  expect(fieldOf(() => computePolicy({ ...ok, serviceLevel: 1 }))).toBe("serviceLevel");
  expect(fieldOf(() => computePolicy({ ...ok, serviceLevel: 0 }))).toBe("serviceLevel");
  expect(fieldOf(() => computePolicy({ ...ok, demand: [] }))).toBe("historyBuckets");
  expect(fieldOf(() => computePolicy({ ...ok, demand: [1, 2, 3] }))).toBe("historyBuckets");
  expect(fieldOf(() => seriesStats([]))).toBe("history");
  expect(fieldOf(() => computePolicy({ ...ok, leadTimeDays: -1 }))).toBe("leadTimeDays");
});
