/**
 * The Materials and Planning pages' pure parts: the lot genealogy graph (exact edges from work orders' ledger
 * entries, laid out by depth), the BOM tree's folding, and what-if changes turned into the graph's input and its
 * diff into side-by-side rows.
 */
import { visibleRows } from "../../console/src/pages/materials/bom-tree";
import { lotGraph, type OrderEntry, type TraceLink } from "../../console/src/pages/materials/lot-graph";
import { comparisonRows, overridesOf } from "../../console/src/pages/planning/what-if";

const link = (depth: number, lot: string, material: string, workOrder: string): TraceLink => ({
  depth,
  lot: { id: lot, code: `L${lot}` },
  material: { code: material },
  workOrder: { id: workOrder, number: `WO-${workOrder}` },
});
const entry = (type: string, quantity: string, lot: string | null): OrderEntry => ({ type, quantity, lot: lot === null ? null : { id: lot } });

describe("lotGraph", () => {
  // paste lot 4 → WO 11 → paste lot 2 → WO 10 → board lot 1 (traced) → WO 12 → toaster lot 5
  const backward = [link(1, "2", "SOLDER-PASTE", "10"), link(2, "4", "FLUX", "11")];
  const forward = [link(1, "5", "TOASTER-2S", "12")];
  const entries = new Map<string, OrderEntry[]>([
    ["10", [entry("BACKFLUSH", "-5", "2"), entry("BACKFLUSH", "-1", "99"), entry("BACKFLUSH", "-3", null), entry("PRODUCTION_RECEIPT", "2", "1")]],
    ["11", [entry("ISSUE", "-3", "4"), entry("PRODUCTION_RECEIPT", "10", "2")]],
    ["12", [entry("ISSUE", "-2", "1"), entry("ISSUE", "1", "1"), entry("PRODUCTION_RECEIPT", "1", "5")]],
  ]);
  const graph = lotGraph({ id: "1", code: "L1", materialCode: "PCBA-CTRL" }, backward, forward, entries);

  it("links each lot to the order that consumed it and each order to the lot it made, lots outside the trace left out", () => {
    const edges = graph.edges.map((e) => `${e.source}>${e.target}`).sort();
    expect(edges).toEqual(["lot:1>wo:12", "lot:2>wo:10", "lot:4>wo:11", "wo:10>lot:1", "wo:11>lot:2", "wo:12>lot:5"].sort());
  });

  it("lays what went in to the left and what was made to the right, orders between, the traced lot in the middle", () => {
    const x = Object.fromEntries(graph.nodes.map((n) => [n.id, n.x]));
    expect(x["lot:1"]).toBe(0);
    expect(x["lot:4"]).toBeLessThan(x["wo:11"]);
    expect(x["wo:11"]).toBeLessThan(x["lot:2"]);
    expect(x["lot:2"]).toBeLessThan(x["wo:10"]);
    expect(x["wo:10"]).toBeLessThan(0);
    expect(0).toBeLessThan(x["wo:12"]);
    expect(x["wo:12"]).toBeLessThan(x["lot:5"]);
    expect(graph.nodes.find((n) => n.id === "lot:1")).toMatchObject({ kind: "traced", name: "PCBA-CTRL\nL1" });
    expect(graph.nodes.filter((n) => n.kind === "order").map((n) => n.name).sort()).toEqual(["WO-10", "WO-11", "WO-12"]);
  });

  it("spreads the nodes of one column apart and places each node once", () => {
    const two = lotGraph({ id: "1", code: "L1", materialCode: "P" }, [link(1, "2", "A", "10"), link(1, "3", "B", "10")], [], new Map());
    const column = two.nodes.filter((n) => n.kind === "lot" && n.id !== "lot:1").map((n) => n.y);
    expect(new Set(column).size).toBe(2);
    expect(two.nodes.filter((n) => n.id === "wo:10")).toHaveLength(1);
    expect(two.edges).toEqual([]);
  });
});

describe("visibleRows (BOM tree)", () => {
  const rows = [{ path: ["1", "2"] }, { path: ["1", "2", "3"] }, { path: ["1", "2", "3", "4"] }, { path: ["1", "5"] }];
  it("hides what is under a folded row, not the row itself", () => {
    expect(visibleRows(rows, new Set())).toEqual(rows);
    expect(visibleRows(rows, new Set(["1/2"]))).toEqual([{ path: ["1", "2"] }, { path: ["1", "5"] }]);
    expect(visibleRows(rows, new Set(["1/2/3"]))).toEqual([{ path: ["1", "2"] }, { path: ["1", "2", "3"] }, { path: ["1", "5"] }]);
  });
});

describe("what-if", () => {
  it("turns the form's rows into the graph's overrides, rows without a material left out", () => {
    const rows = [
      { kind: "extraDemand" as const, materialCode: " KETTLE-17 ", quantity: "300 ", dueDate: "2030-01-07", days: "" },
      { kind: "leadTime" as const, materialCode: "MCU-8BIT", quantity: "", dueDate: "", days: "14" },
      { kind: "onHand" as const, materialCode: "RELAY-10A", quantity: "0", dueDate: "", days: "" },
      { kind: "onHand" as const, materialCode: "  ", quantity: "5", dueDate: "", days: "" },
    ];
    expect(overridesOf(rows)).toEqual({
      extraDemands: [{ materialCode: "KETTLE-17", quantity: "300", dueDate: "2030-01-07" }],
      leadTimes: [{ materialCode: "MCU-8BIT", leadTimeDays: 14 }],
      onHand: [{ materialCode: "RELAY-10A", quantity: "0" }],
    });
  });

  it("lists changed, added and removed supplies side by side, by material and due date", () => {
    const supply = (code: string, quantity: string, dueDate: string) => ({
      kind: "PURCHASE_SUGGESTION" as const, materialId: code, quantity, releaseDate: dueDate, dueDate, material: { code, name: code, uomCode: "EA" },
    });
    const rows = comparisonRows({
      unchanged: 3,
      added: [supply("B", "5", "2030-01-14")],
      removed: [supply("A", "1", "2030-01-07")],
      changed: [{ quantityDelta: "2", fields: ["quantity"], before: supply("B", "1", "2030-01-07"), after: supply("B", "3", "2030-01-07") }],
    });
    expect(rows.map((r) => [r.change, r.before?.quantity ?? null, r.after?.quantity ?? null])).toEqual([
      ["removed", "1", null],
      ["changed", "1", "3"],
      ["added", null, "5"],
    ]);
  });
});
