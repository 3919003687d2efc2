import { DomainError } from "../shared/domain-error";
import { coalesceReadings, MAX_CLOCK_AHEAD_MS, validateReadings } from "./sensor-reading";

const now = new Date("2026-11-26T12:00:00.000Z");
const refusal = (raw: unknown) => {
  try {
    validateReadings(raw, now);
  } catch (e) {
    if (e instanceof DomainError) return e.message;
    throw e;
  }
  return "accepted";
};

describe("validateReadings", () => {
  it("takes one reading or a batch, trimmed, stamped now unless the device says when", () => {
    expect(validateReadings({ metric: " temperature ", value: -3.5, unit: " C " }, now)).toEqual([{ metric: "temperature", value: -3.5, unit: "C", recordedAt: now }]);
    const batch = validateReadings([{ metric: "rpm", value: 1200, at: "2026-11-26T13:59:00+02:00" }, { metric: "rpm", value: 0 }], now);
    expect(batch.map((r) => [r.recordedAt.toISOString(), r.unit])).toEqual([["2026-11-26T11:59:00.000Z", null], [now.toISOString(), null]]);
  });

  it("allows a device clock slightly ahead, not more", () => {
    expect(refusal({ metric: "t", value: 1, at: new Date(now.getTime() + MAX_CLOCK_AHEAD_MS).toISOString() })).toBe("accepted");
    expect(refusal({ metric: "t", value: 1, at: new Date(now.getTime() + MAX_CLOCK_AHEAD_MS + 1000).toISOString() })).toMatch(/in the future/);
  });

  it.each([
    [{ metric: "t", value: Number.NaN }, "value must be a finite number"],
    [{ metric: "t", value: "1" }, "value must be a finite number"],
    [{ metric: "t", value: 1, unit: "u".repeat(21) }, "unit must be text of at most 20 characters"],
    [{ metric: "t", value: 1, at: "2026-11-26T10:00:00" }, "at must be an ISO date-time with a zone (Z or ±hh:mm)"],
    [{ metric: "t", value: 1, at: "Nov 26 2026" }, "at must be an ISO date-time with a zone (Z or ±hh:mm)"],
    [[{ metric: "t", value: 1 }, "x"], "reading 1: a reading is an object { metric, value, unit?, at? }"],
    [[{ metric: 5, value: 1 }], "reading 0: metric must be text of 1 to 100 characters"],
  ])("refuses %j", (raw, message) => {
    expect(refusal(raw)).toBe(message);
  });
});

describe("coalesceReadings", () => {
  const msg = (deviceCode: string, ...values: number[]) => ({
    deviceCode, warehouseCode: "W1", readings: values.map((value) => ({ metric: "t", value, unit: null, recordedAt: "2026-11-26T12:00:00.000Z" })),
  });
  const shape = (events: ReturnType<typeof coalesceReadings>) => events.map((e) => [e.deviceCode, e.readings.map((r) => r.value)]);

  it("makes one event per device of the queued messages, each device's readings in the order queued", () => {
    expect(shape(coalesceReadings([msg("A", 1), msg("B", 2), msg("A", 3, 4), msg("B", 5)]))).toEqual([["A", [1, 3, 4]], ["B", [2, 5]]]);
  });

  it("starts another event of a device beyond the most an event carries, after the first", () => {
    expect(shape(coalesceReadings([msg("A", 1, 2), msg("B", 3), msg("A", 4, 5), msg("A", 6)], 3))).toEqual([["A", [1, 2]], ["B", [3]], ["A", [4, 5, 6]]]);
  });

  it("leaves the queued messages as they were", () => {
    const queued = [msg("A", 1), msg("A", 2)];
    coalesceReadings(queued);
    expect(queued.map((q) => q.readings.length)).toEqual([1, 1]);
  });
});
