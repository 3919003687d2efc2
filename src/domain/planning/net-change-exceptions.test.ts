import { exceptionChanges } from "./net-change-exceptions";

const late = (quantity: string, daysLate: number) => ({
  type: "LATE", severity: "WARNING", materialId: 7, message: `order of ${quantity} is ${daysLate} days late`,
  details: { quantity, dueDate: "2026-12-07", requiredReleaseDate: "2026-11-23", daysLate },
});
const stored = (id: number, e: ReturnType<typeof late>, status: { open: boolean; resolvedBySystem: boolean }) => ({ id, ...e, ...status });
const OPEN = { open: true, resolvedBySystem: false };

describe("net-change exceptions", () => {
  it("keeps what is still true, resolves what is open and no longer planned, raises what is new", () => {
    const { raise, resolve } = exceptionChanges([stored(1, late("10", 7), OPEN), stored(2, late("20", 14), OPEN)], [late("10", 7), late("5", 3)]);
    expect(resolve).toEqual([2]);
    expect(raise).toEqual([late("5", 3)]);
  });

  it("matches stored details whatever the order of their keys (jsonb keeps its own)", () => {
    const e = late("10", 7);
    const reordered = { ...e, details: { daysLate: 7, requiredReleaseDate: "2026-11-23", quantity: "10", dueDate: "2026-12-07" } };
    expect(exceptionChanges([stored(1, reordered, OPEN)], [e])).toEqual({ raise: [], resolve: [] });
  });

  it("does not raise again what a person resolved while it stays true, and raises again what the system resolved", () => {
    const e = late("10", 7);
    expect(exceptionChanges([stored(1, e, { open: false, resolvedBySystem: false })], [e])).toEqual({ raise: [], resolve: [] });
    expect(exceptionChanges([stored(1, e, { open: false, resolvedBySystem: true })], [e])).toEqual({ raise: [e], resolve: [] });
  });

  it("counts identical exceptions one by one", () => {
    const e = late("10", 7);
    expect(exceptionChanges([stored(1, e, OPEN), stored(2, e, OPEN)], [e])).toEqual({ raise: [], resolve: [2] });
    expect(exceptionChanges([stored(1, e, OPEN)], [e, e])).toEqual({ raise: [e], resolve: [] });
  });
});
