import { Decimal } from "../shared/quantity";
import { accuracy, assertMay, dueForCounting, withinTolerance } from "./count.rules";

const d = (v: string | number) => new Decimal(v);

describe("count session states", () => {
  it("runs open → counting → review → approved, and cancels from any but approved", () => {
    expect(() => assertMay("start", { number: "CS-1", status: "OPEN" })).not.toThrow();
    expect(() => assertMay("approve", { number: "CS-1", status: "REVIEW" })).not.toThrow();
    expect(() => assertMay("approve", { number: "CS-1", status: "COUNTING" })).toThrow(expect.objectContaining({ code: "INVALID_STATE", details: { status: "COUNTING", allowed: ["REVIEW"] } }));
    expect(() => assertMay("approve", { number: "CS-1", status: "APPROVED" })).toThrow("it is APPROVED");
    expect(() => assertMay("cancel", { number: "CS-1", status: "APPROVED" })).toThrow("cannot cancel");
    expect(() => assertMay("count", { number: "CS-1", status: "OPEN" })).toThrow("cannot count");
  });
});

describe("tolerance and accuracy", () => {
  it("accepts a difference within the absolute or the relative tolerance", () => {
    const t = { quantity: d(2), pct: 5 };
    expect(withinTolerance(d(100), d(102), t)).toBe(true);
    expect(withinTolerance(d(100), d(95), t)).toBe(true); // 5 % of 100
    expect(withinTolerance(d(100), d(94), t)).toBe(false);
    expect(withinTolerance(d(0), d(3), t)).toBe(false);
    expect(withinTolerance(d(10), d(10), { quantity: d(0), pct: 0 })).toBe(true);
    expect(withinTolerance(d(10), d(9.5), { quantity: d(0), pct: 0 })).toBe(false);
  });

  it("is the share of lines within tolerance", () => {
    expect(accuracy([{ withinTolerance: true }, { withinTolerance: false }, { withinTolerance: true }]).toString()).toBe("0.6667");
    expect(accuracy([]).toString()).toBe("1");
  });
});

describe("dueForCounting", () => {
  const today = new Date("2026-12-02T00:00:00Z");
  const daysAgo = (n: number) => new Date(today.getTime() - n * 86_400_000);
  const every = { A: 30, B: 90, C: 180 };

  it("counts A locations more often: each location by the best class it holds", () => {
    const due = dueForCounting([
      { locationId: 1, classes: ["C", "A"], lastCountedAt: daysAgo(31) }, // A, 30 days: due
      { locationId: 2, classes: ["B"], lastCountedAt: daysAgo(31) }, // B, 90 days: not yet
      { locationId: 3, classes: [null], lastCountedAt: daysAgo(200) }, // no class = C, 180 days: due
      { locationId: 4, classes: ["B", "C"], lastCountedAt: null }, // never counted: due
      { locationId: 5, classes: [], lastCountedAt: null }, // empty: never due
      { locationId: 6, classes: ["A"], lastCountedAt: daysAgo(45) }, // A, longer overdue than 1
    ], every, today);
    expect(due.map((x) => [x.locationId, x.abcClass])).toEqual([[6, "A"], [1, "A"], [4, "B"], [3, "C"]]);
    expect(due.find((x) => x.locationId === 1)!.dueSince).toEqual(daysAgo(1));
    expect(due.find((x) => x.locationId === 4)!.dueSince).toBeNull();
  });
});
