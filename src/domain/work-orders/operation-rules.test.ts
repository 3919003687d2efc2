import { Decimal } from "../shared/quantity";
import { assertMayComplete, assertMayStart, assertWithinCompletionLimit, backflushTake, type OperationState } from "./operation-rules";

const op = (status: string, previous: [string, string] | null = null, allowOverlap = false): OperationState => ({
  id: 1, sequence: 20, status, allowOverlap, lastSequence: 20,
  previous: previous && { sequence: 10, status: previous[0], goodQuantity: new Decimal(previous[1]) },
});
const codeOf = (fn: () => void) => {
  try {
    fn();
    return "ok";
  } catch (e) {
    return (e as { code: string }).code;
  }
};

describe("operation rules", () => {
  it("start in sequence, or once the previous one has started when overlap is allowed", () => {
    expect(codeOf(() => assertMayStart(op("PENDING")))).toBe("ok");
    expect(codeOf(() => assertMayStart(op("PENDING", ["COMPLETED", "10"])))).toBe("ok");
    expect(codeOf(() => assertMayStart(op("PENDING", ["STARTED", "0"])))).toBe("INVALID_STATE");
    expect(codeOf(() => assertMayStart(op("PENDING", ["STARTED", "0"], true)))).toBe("ok");
    expect(codeOf(() => assertMayStart(op("PENDING", ["PENDING", "0"], true)))).toBe("INVALID_STATE");
    expect(codeOf(() => assertMayStart(op("STARTED")))).toBe("INVALID_STATE");
  });

  it("complete once, when started and after the previous one", () => {
    expect(codeOf(() => assertMayComplete(op("STARTED", ["COMPLETED", "10"])))).toBe("ok");
    expect(codeOf(() => assertMayComplete(op("PENDING")))).toBe("INVALID_STATE");
    expect(codeOf(() => assertMayComplete(op("COMPLETED")))).toBe("INVALID_STATE");
    expect(codeOf(() => assertMayComplete(op("STARTED", ["STARTED", "0"], true)))).toBe("INVALID_STATE");
  });

  it("neither start nor complete an operation an equipment failure blocks", () => {
    const blocked = (o: OperationState) => ({ ...o, blockedByFailureId: 7 });
    expect(codeOf(() => assertMayStart(blocked(op("PENDING", ["COMPLETED", "10"]))))).toBe("OPERATION_BLOCKED");
    expect(codeOf(() => assertMayComplete(blocked(op("STARTED", ["COMPLETED", "10"]))))).toBe("OPERATION_BLOCKED");
    expect(codeOf(() => assertMayStart({ ...op("PENDING"), blockedByFailureId: null }))).toBe("ok");
    // a state problem is named first: a started operation cannot start again, blocked or not
    expect(codeOf(() => assertMayStart(blocked(op("STARTED"))))).toBe("INVALID_STATE");
  });

  it("report at most what reached the operation", () => {
    const q = (s: string) => new Decimal(s);
    expect(codeOf(() => assertWithinCompletionLimit(op("STARTED"), q("10.5"), q("10"), 5))).toBe("ok");
    expect(codeOf(() => assertWithinCompletionLimit(op("STARTED"), q("10.6"), q("10"), 5))).toBe("OVER_COMPLETION");
    expect(codeOf(() => assertWithinCompletionLimit(op("STARTED", ["COMPLETED", "9"]), q("9"), q("10"), 50))).toBe("ok");
    expect(codeOf(() => assertWithinCompletionLimit(op("STARTED", ["COMPLETED", "9"]), q("10"), q("10"), 50))).toBe("OVER_COMPLETION");
  });

  it("backflush the share of what was made, counting manual issues", () => {
    const take = (target: string, allowed: string, issued: string) => backflushTake(new Decimal(target), new Decimal(allowed), new Decimal(issued)).toString();
    expect(take("20", "20", "0")).toBe("20");
    expect(take("24", "20", "0")).toBe("24"); // made more than ordered
    expect(take("20", "20", "20")).toBe("0"); // all issued by hand
    expect(take("24", "20", "20")).toBe("4");
    expect(take("20", "22", "5")).toBe("17"); // over-issue tolerance lets manual extras count on top
  });
});
