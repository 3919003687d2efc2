import { judgeReadings, readDevice, shelfComparison, type Judged } from "./device.rules";

const at = (minute: number) => new Date(Date.UTC(2026, 0, 5, 10, minute));
const reading = (metric: string, value: number, minute: number) => ({ metric, value, unit: null, recordedAt: at(minute) });
const temperature: Judged = { metric: "temperature", low: 10, high: 80, severity: "WARNING", judgedUntil: null };

describe("judgeReadings", () => {
  it("raises when a reading leaves the range and clears when one is back, in time order whatever the arrival order", () => {
    const { transitions, moved } = judgeReadings([temperature], new Set(), [reading("temperature", 60, 3), reading("temperature", 85, 1), reading("temperature", 90, 2)]);
    expect(transitions.map((t) => ("raise" in t ? ["raise", t.raise.value, t.breach.bound] : ["clear", t.clear.value]))).toEqual([["raise", 85, 80], ["clear", 60]]);
    expect(moved).toEqual([{ metric: "temperature", judgedUntil: at(3) }]);
  });

  it("does not raise again while an alarm of the metric is open", () => {
    expect(judgeReadings([temperature], new Set(["temperature"]), [reading("temperature", 85, 1)]).transitions).toEqual([]);
  });

  it("leaves readings stamped before the latest judged (a buffered upload) and metrics without a threshold undecided", () => {
    const judged = { ...temperature, judgedUntil: at(5).getTime() };
    const { transitions, moved } = judgeReadings([judged], new Set(), [reading("temperature", 99, 4), reading("temperature", 99, 5), reading("humidity", 99, 6)]);
    expect(transitions).toEqual([]);
    expect(moved).toEqual([]);
  });
});

describe("shelfComparison", () => {
  const compare = (...args: Parameters<typeof shelfComparison>) => {
    const c = shelfComparison(...args);
    return { measured: c.measured.toFixed(), allowed: c.allowed.toFixed(), mismatch: c.mismatch };
  };

  it("turns the weight into a quantity and allows the absolute tolerance plus a share of the booked quantity", () => {
    // 420 relays of 12 g: 5.04 kg; 2 + 1 % of 420 = 6.2 relays allowed
    expect(compare(5.04, "0.012", "420", { quantity: 2, pct: 1 })).toEqual({ measured: "420", allowed: "6.2", mismatch: false });
    expect(compare(4.968, "0.012", "420", { quantity: 2, pct: 1 }).mismatch).toBe(false);
    expect(compare(4.956, "0.012", "420", { quantity: 2, pct: 1 })).toEqual({ measured: "413", allowed: "6.2", mismatch: true });
    expect(compare(0, "0.012", "0", { quantity: 0, pct: 0 }).mismatch).toBe(false);
  });

  it("counts in decimals: exactly at the tolerance agrees", () => {
    expect(compare(2.709, "0.009", "300", { quantity: 1, pct: 0 })).toEqual({ measured: "301", allowed: "1", mismatch: false });
    expect(compare(2.718, "0.009", "300", { quantity: 1, pct: 0 }).mismatch).toBe(true);
  });
});

describe("readDevice", () => {
  const base = { code: " shelf-1 ", name: "Shelf", kind: "WEIGHT_SENSOR" as const, hasLocation: true, hasMaterial: true };
  const fieldsOf = (input: Parameters<typeof readDevice>[0]) => readDevice(input).errors.map((e) => e.field);

  it("cleans a weight sensor with its tolerances", () => {
    expect(readDevice({ ...base, expectedIntervalSeconds: 30, weightTolerance: "1.50", weightTolerancePct: "2" }).value).toEqual({
      code: "SHELF-1", name: "Shelf", kind: "WEIGHT_SENSOR", expectedIntervalSeconds: 30, weightTolerance: "1.5", weightTolerancePct: "2", countOnMismatch: false,
    });
  });

  it("names every field at fault", () => {
    expect(fieldsOf({ ...base, code: "A/B", name: " ", expectedIntervalSeconds: 0, weightTolerance: "-1", weightTolerancePct: "101" })).toEqual([
      "code", "name", "expectedIntervalSeconds", "weightTolerance", "weightTolerancePct",
    ]);
    expect(fieldsOf({ ...base, hasLocation: false, hasMaterial: false })).toEqual(["locationCode", "materialCode"]);
    expect(fieldsOf({ ...base, kind: "SENSOR", weightTolerance: "1" })).toEqual(["materialCode", "weightTolerance"]);
  });
});
