import { promise, type PromiseBomLine, type PromiseInput, type PromiseMaterial, type PromiseRoutingOperation } from "./promise";

const T = 20_000;
const mat = (id: number, code: string, type: "MAKE" | "BUY", leadTimeDays: number, freeStock = 0, precision?: number): PromiseMaterial => ({ id, code, type, leadTimeDays, freeStock, precision });
const line = (parentId: number, componentId: number, quantityPer: number, extra: Partial<PromiseBomLine> = {}): PromiseBomLine => ({ parentId, componentId, quantityPer, baseQuantity: 1, scrapPct: 0, ...extra });

function input(materials: PromiseMaterial[], more: Partial<PromiseInput> = {}): PromiseInput {
  return {
    today: T, materials: new Map(materials.map((m) => [m.id, m])), bomLines: [], receipts: [], demands: [], routings: new Map(), freeMinutes: new Map(), ...more,
  };
}

test("ATP from free stock: today", () => {
  expect(promise(input([mat(1, "P", "BUY", 10, 10)]), 1, 5)).toEqual({ day: T, fromAvailable: 5, atpDay: T, toMakeOrBuy: 0, limiting: null });
});

describe("ATP over time: receipts add, committed demand takes, cumulatively", () => {
  // balance: today 5, +10 on T+3 → 15, −8 on T+5 → 7; least balance from each day on: 5, 7, 7
  const data = () => input([mat(1, "P", "BUY", 30, 5)], {
    receipts: [{ materialId: 1, quantity: 10, day: T + 3 }],
    demands: [{ materialId: 1, quantity: 8, day: T + 5 }],
  });
  test.each([[5, T], [6, T + 3], [7, T + 3]])("%d units: on day %d", (q, day) => {
    expect(promise(data(), 1, q)).toMatchObject({ day, fromAvailable: q, toMakeOrBuy: 0 });
  });
  test("8 units: the 7 available on T+3, one more bought in its lead time", () => {
    expect(promise(data(), 1, 8)).toEqual({ day: T + 30, fromAvailable: 7, atpDay: T + 3, toMakeOrBuy: 1, limiting: { kind: "MATERIAL", code: "P", day: T + 30 } });
  });
  test("what is due before today counts today", () => {
    const late = input([mat(1, "P", "BUY", 30, 0)], { receipts: [{ materialId: 1, quantity: 4, day: T - 3 }], demands: [{ materialId: 1, quantity: 1, day: T - 1 }] });
    expect(promise(late, 1, 3)).toMatchObject({ day: T, fromAvailable: 3 });
  });
  test("demand beyond every receipt: free stock already promised is not available", () => {
    const owed = input([mat(1, "P", "BUY", 30, 10)], { demands: [{ materialId: 1, quantity: 10, day: T + 20 }] });
    expect(promise(owed, 1, 1)).toMatchObject({ day: T + 30, fromAvailable: 0, atpDay: null, toMakeOrBuy: 1 });
  });
});

test("CTP: made from components; the component that arrives last is named with its day", () => {
  // P (lead 2) ← C1 ×2 (bought in 10 days, 4 free) + C2 ×1 (bought in 3 days, none)
  const data = input([mat(1, "P", "MAKE", 2), mat(2, "C1", "BUY", 10, 4), mat(3, "C2", "BUY", 3)], { bomLines: [line(1, 2, 2), line(1, 3, 1)] });
  // C1: 10 needed, 4 free, 6 bought → T+10; C2: 5 bought → T+3; start T+10, ready T+12
  expect(promise(data, 1, 5)).toEqual({ day: T + 12, fromAvailable: 0, atpDay: null, toMakeOrBuy: 5, limiting: { kind: "MATERIAL", code: "C1", day: T + 10 } });
});

test("CTP: components in stock, the product's own lead time sets the date", () => {
  const data = input([mat(1, "P", "MAKE", 4, 2), mat(2, "C", "BUY", 10, 100)], { bomLines: [line(1, 2, 3)] });
  expect(promise(data, 1, 5)).toEqual({ day: T + 4, fromAvailable: 2, atpDay: T, toMakeOrBuy: 3, limiting: { kind: "MATERIAL", code: "P", day: T + 4 } });
});

test("CTP: two branches draw on the same component stock, the deepest limit is named", () => {
  // P ← A ← X and P ← B ← X; X has 5 free: A takes them, B's X is bought (7 days)
  const data = input([mat(1, "P", "MAKE", 0), mat(2, "A", "MAKE", 0), mat(3, "B", "MAKE", 1), mat(4, "X", "BUY", 7, 5)], {
    bomLines: [line(1, 2, 1), line(1, 3, 1), line(2, 4, 1), line(3, 4, 1)],
  });
  expect(promise(data, 1, 5)).toMatchObject({ day: T + 8, limiting: { kind: "MATERIAL", code: "X", day: T + 7 } });
});

test("CTP: scrap and base quantity, rounded up to the component's unit", () => {
  // 7 × 2 per 3 × 1.10 = 5.133… → 6 whole units; 5 free, so 1 bought
  const data = input([mat(1, "P", "MAKE", 0), mat(2, "C", "BUY", 9, 5, 0)], { bomLines: [line(1, 2, 2, { baseQuantity: 3, scrapPct: 10 })] });
  expect(promise(data, 1, 7)).toMatchObject({ day: T + 9, limiting: { kind: "MATERIAL", code: "C", day: T + 9 } });
  const enough = input([mat(1, "P", "MAKE", 0), mat(2, "C", "BUY", 9, 6, 0)], { bomLines: [line(1, 2, 2, { baseQuantity: 3, scrapPct: 10 })] });
  expect(promise(enough, 1, 7)).toMatchObject({ day: T });
});

describe("CTP with capacity", () => {
  const routing: PromiseRoutingOperation[] = [{ workCenterCode: "ASSY", setupMinutes: 0, runMinutesPerUnit: 60 }];
  const data = (free: number[]) => input([mat(1, "P", "MAKE", 1)], { routings: new Map([[1, routing]]), freeMinutes: new Map([["ASSY", free]]) });
  test("free hours suffice: lead time", () => {
    expect(promise(data([480, 480]), 1, 8)).toMatchObject({ day: T + 1, limiting: { kind: "MATERIAL", code: "P" } });
  });
  test("600 minutes over 480 today, none tomorrow, 480 after: the work center sets the date", () => {
    expect(promise(data([480, 0, 480, 480]), 1, 10)).toMatchObject({ day: T + 2, limiting: { kind: "WORK_CENTER", code: "ASSY", day: T + 2 } });
  });
  test("beyond the free hours known: no date, the work center named", () => {
    expect(promise(data([60, 60]), 1, 10)).toMatchObject({ day: null, limiting: { kind: "WORK_CENTER", code: "ASSY", day: null } });
  });
  test("operations run one after the other", () => {
    const two = input([mat(1, "P", "MAKE", 0)], {
      routings: new Map([[1, [...routing, { workCenterCode: "TEST", setupMinutes: 30, runMinutesPerUnit: 0 }]]]),
      freeMinutes: new Map([["ASSY", [480, 480, 480]], ["TEST", [480, 0, 0, 480]]]),
    });
    // ASSY ends on T+1 (600 min); TEST has nothing on T+1 and T+2, runs T+3
    expect(promise(two, 1, 10)).toMatchObject({ day: T + 3, limiting: { kind: "WORK_CENTER", code: "TEST", day: T + 3 } });
  });
});

test("what stock and receipts give comes later than buying the rest: their day sets the date", () => {
  // 5 arrive on T+10; the sixth is bought in a day
  const data = input([mat(1, "P", "BUY", 1)], { receipts: [{ materialId: 1, quantity: 5, day: T + 10 }] });
  expect(promise(data, 1, 6)).toEqual({ day: T + 10, fromAvailable: 5, atpDay: T + 10, toMakeOrBuy: 1, limiting: { kind: "MATERIAL", code: "P", day: T + 10 } });
});

test("property: the ATP day is the first day from which every later balance stays at or above the quantity", () => {
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let run = 0; run < 300; run++) {
    const free = Math.floor(random() * 20) - 5;
    const events = Array.from({ length: Math.floor(random() * 8) }, () => ({ materialId: 1, quantity: 1 + Math.floor(random() * 10), day: T - 3 + Math.floor(random() * 30) }));
    const receipts = events.filter((_, i) => i % 2 === 0);
    const demands = events.filter((_, i) => i % 2 === 1);
    const q = 1 + Math.floor(random() * 15);
    // brute force: day by day, the balance on each later day after promising q on d
    const balanceOn = (d: number) =>
      free + receipts.filter((r) => Math.max(r.day, T) <= d).reduce((s, r) => s + r.quantity, 0) - demands.filter((x) => Math.max(x.day, T) <= d).reduce((s, x) => s + x.quantity, 0);
    let expected: number | null = null;
    for (let d = T; d <= T + 40 && expected === null; d++) {
      let okFrom = true;
      for (let e = d; e <= T + 40; e++) if (balanceOn(e) < q) okFrom = false;
      if (okFrom) expected = d;
    }
    const r = promise(input([mat(1, "P", "BUY", 100, free)], { receipts, demands }), 1, q);
    if (expected !== null) expect(r).toMatchObject({ day: expected, toMakeOrBuy: 0 });
    else expect(r).toMatchObject({ day: T + 100, toMakeOrBuy: q - r.fromAvailable });
  }
});
