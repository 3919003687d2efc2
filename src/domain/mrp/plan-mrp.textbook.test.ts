import { planMrp } from "./plan-mrp";
import type { MrpInput, MrpPlan, PlannedSupply } from "./mrp.types";

/**
 * A bicycle, planned by hand. Weekly buckets from Monday 2025-01-06, 8 buckets (b0 = Jan 6, b1 = Jan 13,
 * b2 = Jan 20, b3 = Jan 27, b4 = Feb 3, b5 = Feb 10, b6 = Feb 17, b7 = Feb 24).
 *
 *   BIKE  (MAKE, LLC 0) lot-for-lot,             lead 7 d  → 1 bucket, on hand 15, reserved 5
 *   ├─ FRAME ×1 (MAKE, LLC 1) fixed 60,           lead 14 d → 2 buckets, on hand 40, safety stock 10
 *   │  └─ TUBE ×3, scrap 2.5 % (→ 3.075 per frame)
 *   ├─ WHEEL ×2 (MAKE, LLC 1) 3 periods of supply, lead 3 d → 1 bucket (rounded up), receipt 30 in b1
 *   │  └─ SPOKE ×36 (BUY, LLC 2) lot-for-lot,     lead 10 d → 2 buckets, on hand 500, receipt 100 in b6
 *   └─ TUBE ×2 (BUY, LLC 2: also under FRAME) min 50 / multiple 25 / max 150, lead 7 d, on hand 100, ss 20
 *
 * MPS for BIKE: d1 25 due Jan 2 (past due → b0), d2 30 Jan 22 (b2), d3 20 Feb 3 (b4), d4 40 Feb 12 (b5),
 * d5 10 Mar 10 (b9, beyond the horizon).
 */
const BIKE = 1, FRAME = 2, WHEEL = 3, TUBE = 4, SPOKE = 5;
const d1 = 101, d2 = 102, d3 = 103, d4 = 104, d5 = 105;

const input: MrpInput = {
  materials: [
    { id: BIKE, code: "BIKE", type: "MAKE", leadTimeDays: 7, lotSizing: "LOT_FOR_LOT", safetyStock: "0", onHand: "15", reserved: "5" },
    { id: FRAME, code: "FRAME", type: "MAKE", leadTimeDays: 14, lotSizing: "FIXED", lotSizeFixed: "60", safetyStock: "10", onHand: "40", reserved: "0" },
    { id: WHEEL, code: "WHEEL", type: "MAKE", leadTimeDays: 3, lotSizing: "PERIODS_OF_SUPPLY", periodsOfSupply: 3, safetyStock: "0", onHand: "0", reserved: "0" },
    {
      id: TUBE, code: "TUBE", type: "BUY", leadTimeDays: 7, lotSizing: "MIN_MULTIPLE_MAX",
      lotSizeMin: "50", lotSizeMultiple: "25", lotSizeMax: "150", safetyStock: "20", onHand: "100", reserved: "0",
    },
    { id: SPOKE, code: "SPOKE", type: "BUY", leadTimeDays: 10, lotSizing: "LOT_FOR_LOT", safetyStock: "0", onHand: "500", reserved: "0" },
  ],
  bomLines: [
    { parentId: BIKE, componentId: FRAME, quantityPer: "1" },
    { parentId: BIKE, componentId: WHEEL, quantityPer: "2" },
    { parentId: BIKE, componentId: TUBE, quantityPer: "2" },
    { parentId: FRAME, componentId: TUBE, quantityPer: "3", scrapPct: "2.5" },
    { parentId: WHEEL, componentId: SPOKE, quantityPer: "36", scrapPct: "0" },
  ],
  demands: [
    { id: d3, materialId: BIKE, quantity: "20", dueDate: "2025-02-03" },
    { id: d1, materialId: BIKE, quantity: "25", dueDate: "2025-01-02" },
    { id: d2, materialId: BIKE, quantity: "30", dueDate: "2025-01-22T15:00:00Z" },
    { id: d4, materialId: BIKE, quantity: "40", dueDate: new Date("2025-02-12") },
    { id: d5, materialId: BIKE, quantity: "10", dueDate: "2025-03-10" },
  ],
  scheduledReceipts: [
    { materialId: WHEEL, quantity: "30", dueDate: "2025-01-13" },
    { materialId: SPOKE, quantity: "100", dueDate: "2025-02-17" },
  ],
  parameters: { startDate: "2025-01-06", bucket: "WEEK", horizonBuckets: 8 },
};

type Table = Record<"gross" | "scheduledReceipts" | "net" | "plannedReceipts" | "projectedAvailable" | "plannedReleases", number[]>;

function table(plan: MrpPlan, id: number): Table {
  const p = plan.periods(id);
  const num = (xs: string[]) => xs.map(Number);
  return {
    gross: num(p.gross),
    scheduledReceipts: num(p.scheduledReceipts),
    net: num(p.net),
    plannedReceipts: num(p.plannedReceipts),
    projectedAvailable: num(p.projectedAvailable),
    plannedReleases: num(p.plannedReleases),
  };
}

const brief = (s: PlannedSupply) => ({
  qty: s.quantity,
  due: s.dueDate,
  release: s.releaseDate,
  pegs: Object.fromEntries(s.pegs.map((p) => [String(p.demandId), p.quantity])),
});

describe("planMrp: the textbook bicycle", () => {
  const plan = planMrp(input);
  const supplies = (id: number) => [...plan.plannedOrders, ...plan.purchaseSuggestions].filter((s) => s.materialId === id).map(brief);

  it("nets parents before components, by low-level code", () => {
    expect(plan.planningSequence).toEqual([BIKE, FRAME, WHEEL, TUBE, SPOKE]);
    expect([...plan.lowLevelCodes]).toEqual([[BIKE, 0], [FRAME, 1], [WHEEL, 1], [TUBE, 2], [SPOKE, 2]]);
  });

  it("BIKE, lot-for-lot: available 15 − 5 reserved = 10", () => {
    expect(table(plan, BIKE)).toEqual({
      //                   b0   b1  b2  b3  b4  b5 b6 b7
      gross:              [25,  0, 30,  0, 20, 40, 0, 0], // d1 past due → b0; d5 beyond horizon
      scheduledReceipts:  [ 0,  0,  0,  0,  0,  0, 0, 0],
      net:                [15,  0, 30,  0, 20, 40, 0, 0], // b0: 10 − 25 = −15
      plannedReceipts:    [15,  0, 30,  0, 20, 40, 0, 0],
      projectedAvailable: [ 0,  0,  0,  0,  0,  0, 0, 0],
      plannedReleases:    [15, 30,  0, 20, 40,  0, 0, 0], // one week earlier; b0's would be b−1 → b0, LATE
    });
    expect(supplies(BIKE)).toEqual([
      { qty: "15", due: "2025-01-06", release: "2025-01-06", pegs: { [d1]: "15" } }, // on hand covers 10 of d1
      { qty: "30", due: "2025-01-20", release: "2025-01-13", pegs: { [d2]: "30" } },
      { qty: "20", due: "2025-02-03", release: "2025-01-27", pegs: { [d3]: "20" } },
      { qty: "40", due: "2025-02-10", release: "2025-02-03", pegs: { [d4]: "40" } },
    ]);
  });

  it("FRAME, fixed 60, safety stock 10", () => {
    expect(table(plan, FRAME)).toEqual({
      //                   b0  b1  b2  b3  b4  b5  b6  b7
      gross:              [15, 30,  0, 20, 40,  0,  0,  0], // BIKE releases × 1
      scheduledReceipts:  [ 0,  0,  0,  0,  0,  0,  0,  0],
      net:                [ 0, 15,  0,  0, 15,  0,  0,  0], // b1: 25 − 30 = −5, 10 short of ss; b4: 35 − 40 = −5
      plannedReceipts:    [ 0, 60,  0,  0, 60,  0,  0,  0],
      projectedAvailable: [25, 55, 55, 35, 55, 55, 55, 55], // ends 45 above ss: < one lot of 60, no EXCESS
      plannedReleases:    [60,  0, 60,  0,  0,  0,  0,  0], // b1 − 2 = b−1 → b0 (LATE); b4 − 2 = b2
    });
    // FIFO: on hand 40 → ss 10, d1 15, d2 15; the b1 lot → d2 15, d3 20, d4 25; the b4 lot → d4 15, rest lot size.
    expect(supplies(FRAME)).toEqual([
      { qty: "60", due: "2025-01-13", release: "2025-01-06", pegs: { [d2]: "15", [d3]: "20", [d4]: "25" } },
      { qty: "60", due: "2025-02-03", release: "2025-01-20", pegs: { [d4]: "15", LOT_SIZE: "45" } },
    ]);
  });

  it("WHEEL, three periods of supply, with a scheduled receipt", () => {
    expect(table(plan, WHEEL)).toEqual({
      //                   b0  b1  b2  b3  b4  b5 b6 b7
      gross:              [30, 60,  0, 40, 80,  0, 0, 0], // BIKE releases × 2
      scheduledReceipts:  [ 0, 30,  0,  0,  0,  0, 0, 0],
      net:                [30,  0,  0, 40,  0,  0, 0, 0],
      // b0 covers b0‥b2: 30 + (30 + 30 − 60 → 30 short in b1) + 0 = 60; b3 covers b3‥b5: 40 + 80 = 120
      plannedReceipts:    [60,  0,  0, 120, 0,  0, 0, 0],
      projectedAvailable: [30,  0,  0, 80,  0,  0, 0, 0],
      plannedReleases:    [60,  0, 120, 0,  0,  0, 0, 0], // 3 days → 1 bucket; b0's is LATE
    });
    expect(supplies(WHEEL)).toEqual([
      { qty: "60", due: "2025-01-06", release: "2025-01-06", pegs: { [d1]: "30", [d2]: "30" } }, // receipt b1 → d2's other 30
      { qty: "120", due: "2025-01-27", release: "2025-01-24", pegs: { [d3]: "40", [d4]: "80" } }, // Jan 27 − 3 days
    ]);
  });

  it("TUBE, min 50 / multiple 25 / max 150, shared by BIKE and FRAME, scrap 2.5 %", () => {
    expect(table(plan, TUBE)).toEqual({
      //                   b0     b1    b2     b3  b4  b5  b6  b7
      gross:              [214.5, 60, 184.5,  40, 80,  0,  0,  0], // BIKE 15·2 + FRAME 60·3.075 = 30 + 184.5 in b0
      scheduledReceipts:  [0,      0,     0,   0,  0,  0,  0,  0],
      net:                [134.5, 44.5, 179,  19, 49,  0,  0,  0], // b0: 100 − 214.5 = −114.5, +20 ss
      // 134.5 → 150; 44.5 → min 50; 179 > max → 150 + (29 → min 50); 19 → 50; 49 → 50
      plannedReceipts:    [150,   50,   200,  50, 50,  0,  0,  0],
      projectedAvailable: [35.5,  25.5, 41,   51, 21, 21, 21, 21], // ends 1 above ss: < min lot, no EXCESS
      plannedReleases:    [200,  200,    50,  50,  0,  0,  0,  0],
    });
    // Requirements in FIFO order: ss 20 | b0 BIKE d1 30, FRAME d2 46.125 d3 61.5 d4 76.875 (= ceil-shares
    // of 15/35/60 × 3.075) | b1 d2 60 | b2 FRAME d4 46.125, LOT_SIZE 138.375 | b3 d3 40 | b4 d4 80.
    // On hand 100 → ss 20, d1 30, d2 46.125, d3 3.875.
    expect(supplies(TUBE)).toEqual([
      { qty: "150", due: "2025-01-06", release: "2025-01-06", pegs: { [d3]: "57.625", [d4]: "76.875", [d2]: "15.5" } },
      { qty: "50", due: "2025-01-13", release: "2025-01-06", pegs: { [d2]: "44.5", [d4]: "5.5" } },
      { qty: "150", due: "2025-01-20", release: "2025-01-13", pegs: { [d4]: "40.625", LOT_SIZE: "109.375" } },
      { qty: "50", due: "2025-01-20", release: "2025-01-13", pegs: { LOT_SIZE: "29", [d3]: "21" } },
      { qty: "50", due: "2025-01-27", release: "2025-01-20", pegs: { [d3]: "19", [d4]: "31" } },
      { qty: "50", due: "2025-02-03", release: "2025-01-27", pegs: { [d4]: "49", LOT_SIZE: "1" } },
    ]);
  });

  it("SPOKE, lot-for-lot, with a receipt that nothing needs", () => {
    expect(table(plan, SPOKE)).toEqual({
      //                   b0    b1  b2    b3 b4 b5  b6   b7
      gross:              [2160,  0, 4320,  0, 0, 0,   0,   0], // WHEEL releases 60, 120 × 36
      scheduledReceipts:  [0,     0, 0,     0, 0, 0, 100,   0],
      net:                [1660,  0, 4320,  0, 0, 0,   0,   0],
      plannedReceipts:    [1660,  0, 4320,  0, 0, 0,   0,   0],
      projectedAvailable: [0,     0, 0,     0, 0, 0, 100, 100], // 100 never consumed → EXCESS
      plannedReleases:    [5980,  0, 0,     0, 0, 0,   0,   0], // 10 days → 2 buckets; b2 − 2 = b0 (Jan 10)
    });
    expect(supplies(SPOKE)).toEqual([
      { qty: "1660", due: "2025-01-06", release: "2025-01-06", pegs: { [d1]: "580", [d2]: "1080" } }, // on hand 500 → d1
      { qty: "4320", due: "2025-01-20", release: "2025-01-10", pegs: { [d3]: "1440", [d4]: "2880" } },
    ]);
  });

  it("streams the same supplies through supplies(), and serializes the lazily built arrays", () => {
    const streamed = [...plan.supplies()];
    expect(streamed.filter((s) => s.kind === "PLANNED_ORDER")).toEqual(plan.plannedOrders);
    expect(streamed.filter((s) => s.kind === "PURCHASE_SUGGESTION")).toEqual(plan.purchaseSuggestions);
    expect(plan.plannedOrders).toBe(plan.plannedOrders); // built once
    expect(JSON.parse(JSON.stringify(plan)).purchaseSuggestions).toHaveLength(8);
  });

  it("splits supply into planned orders (MAKE) and purchase suggestions (BUY)", () => {
    expect(plan.plannedOrders.every((s) => s.kind === "PLANNED_ORDER")).toBe(true);
    expect(new Set(plan.plannedOrders.map((s) => s.materialId))).toEqual(new Set([BIKE, FRAME, WHEEL]));
    expect(plan.purchaseSuggestions.every((s) => s.kind === "PURCHASE_SUGGESTION")).toBe(true);
    expect(new Set(plan.purchaseSuggestions.map((s) => s.materialId))).toEqual(new Set([TUBE, SPOKE]));
    expect(plan.counts).toEqual({ materials: 5, plannedOrders: 8, purchaseSuggestions: 8, pegs: 30, exceptions: 7 });
  });

  it("raises LATE for releases before the start, EXCESS for unconsumed stock, UNCOVERED_DEMAND beyond the horizon", () => {
    expect(plan.exceptions.map((e) => ({ type: e.type, materialId: e.materialId, ...e.details }))).toEqual([
      { type: "LATE", materialId: BIKE, quantity: "15", dueDate: "2025-01-06", requiredReleaseDate: "2024-12-30", daysLate: 7 },
      { type: "LATE", materialId: FRAME, quantity: "60", dueDate: "2025-01-13", requiredReleaseDate: "2024-12-30", daysLate: 7 },
      { type: "LATE", materialId: WHEEL, quantity: "60", dueDate: "2025-01-06", requiredReleaseDate: "2025-01-03", daysLate: 3 },
      { type: "LATE", materialId: TUBE, quantity: "150", dueDate: "2025-01-06", requiredReleaseDate: "2024-12-30", daysLate: 7 },
      { type: "LATE", materialId: SPOKE, quantity: "1660", dueDate: "2025-01-06", requiredReleaseDate: "2024-12-27", daysLate: 10 },
      { type: "EXCESS", materialId: SPOKE, quantity: "100", allowance: "0" },
      { type: "UNCOVERED_DEMAND", materialId: BIKE, demandId: d5, quantity: "10", dueDate: "2025-03-10", reason: "BEYOND_HORIZON" },
    ]);
  });
});
