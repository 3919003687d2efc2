import { readFailureReport } from "./equipment.rules";
import { assertMayAcknowledge, assertMayResolve, assertNotResolved, readAssignee, readCause, readResolutionNote, readWindow, visibleDetails } from "./exception.rules";

const refusal = (fn: () => unknown) => {
  try {
    fn();
    return "ok";
  } catch (e) {
    const err = e as { code: string; details: { field?: string } };
    return err.details.field ? `${err.code} ${err.details.field}` : err.code;
  }
};

describe("exception life cycle", () => {
  it("acknowledges an OPEN exception only; resolves from OPEN or ACKNOWLEDGED, not twice", () => {
    expect(refusal(() => assertMayAcknowledge({ id: 1, status: "OPEN" }))).toBe("ok");
    expect(refusal(() => assertMayAcknowledge({ id: 1, status: "ACKNOWLEDGED" }))).toBe("INVALID_STATE");
    expect(refusal(() => assertMayAcknowledge({ id: 1, status: "RESOLVED" }))).toBe("INVALID_STATE");
    expect(refusal(() => assertMayResolve({ id: 1, status: "OPEN" }, 0))).toBe("ok");
    expect(refusal(() => assertMayResolve({ id: 1, status: "ACKNOWLEDGED" }, 0))).toBe("ok");
    expect(refusal(() => assertMayResolve({ id: 1, status: "RESOLVED" }, 0))).toBe("INVALID_STATE");
    expect(refusal(() => assertNotResolved({ id: 1, status: "RESOLVED" }))).toBe("INVALID_STATE");
  });

  it("keeps an EQUIPMENT exception open while one of its failures is not repaired", () => {
    expect(refusal(() => assertMayResolve({ id: 1, status: "ACKNOWLEDGED" }, 1))).toBe("INVALID_STATE");
  });
});

describe("command input", () => {
  it("requires a resolution note when the policy says so, and bounds it", () => {
    expect(readResolutionNote("  swapped the relay  ", true)).toBe("swapped the relay");
    expect(refusal(() => readResolutionNote(undefined, true))).toBe("BAD_USER_INPUT note");
    expect(refusal(() => readResolutionNote("   ", true))).toBe("BAD_USER_INPUT note");
    expect(readResolutionNote(null, false)).toBeNull();
    expect(refusal(() => readResolutionNote("x".repeat(2001), false))).toBe("BAD_USER_INPUT note");
  });

  it("assigns to someone, never to nobody", () => {
    expect(readAssignee(" user:ann ")).toBe("user:ann");
    expect(refusal(() => readAssignee(""))).toBe("BAD_USER_INPUT assignee");
    expect(refusal(() => readAssignee("  "))).toBe("BAD_USER_INPUT assignee");
  });

  it("takes a cause from the coded list, with optional text", () => {
    expect(readCause("SUPPLIER_LATE", " truck broke down ")).toEqual({ cause: "SUPPLIER_LATE", causeText: "truck broke down" });
    expect(readCause("OTHER", "")).toEqual({ cause: "OTHER", causeText: null });
    expect(refusal(() => readCause("BAD_LUCK", null))).toBe("BAD_USER_INPUT cause");
  });

  it("wants a window's end after its start", () => {
    expect(refusal(() => readWindow(new Date("2026-01-02"), new Date("2026-01-01")))).toBe("BAD_USER_INPUT to");
    expect(readWindow(null, new Date("2026-01-01")).from).toBeNull();
  });
});

describe("equipment failure reports", () => {
  const describe_ = { description: "spindle seized" };
  it("name a work center with its warehouse, or an operation by order and sequence", () => {
    expect(readFailureReport({ workCenterCode: "SMT-1", warehouseCode: "PLANT-1", ...describe_ }).target).toEqual({
      kind: "workCenter", workCenter: { code: "SMT-1" }, warehouse: { code: "PLANT-1" },
    });
    expect(readFailureReport({ workOrderNumber: "WO-000001", sequence: 20, ...describe_ }).target).toEqual({ kind: "operation", workOrder: { code: "WO-000001" }, sequence: 20 });
  });

  it("refuse what names neither, both, half of one, or no description", () => {
    expect(refusal(() => readFailureReport(describe_))).toBe("BAD_USER_INPUT workCenterCode");
    expect(refusal(() => readFailureReport({ workCenterCode: "SMT-1", workOrderNumber: "WO-1", sequence: 1, ...describe_ }))).toBe("BAD_USER_INPUT workOrderNumber");
    expect(refusal(() => readFailureReport({ workCenterCode: "SMT-1", ...describe_ }))).toBe("BAD_USER_INPUT warehouseCode");
    expect(refusal(() => readFailureReport({ workOrderNumber: "WO-1", ...describe_ }))).toBe("BAD_USER_INPUT sequence");
    expect(refusal(() => readFailureReport({ workCenterCode: "SMT-1", warehouseCode: "PLANT-1", description: " " }))).toBe("BAD_USER_INPUT description");
  });
});

it("leaves out a shortage's suggestions in warehouses out of scope", () => {
  const details = { short: "5", suggestions: [{ warehouseCode: "DC-1" }, { warehouseCode: "PLANT-1" }] };
  expect(visibleDetails(details, ["DC-1"])).toEqual({ short: "5", suggestions: [{ warehouseCode: "DC-1" }] });
  expect(visibleDetails(details, null)).toEqual(details);
});
