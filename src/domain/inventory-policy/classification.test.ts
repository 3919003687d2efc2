import { classifyAbc, classifyXyz, type Consumption } from "./classification";
import { DEFAULT_SETTINGS, readSettings } from "./classification-settings";

// a consumption table of ten materials: values 5000, 2000, 1000, 800, 500, 300, 200, 100, 60, 40 (total 10 000)
const TABLE: Consumption[] = [
  { materialId: 1, quantity: 500, unitCost: 10 },
  { materialId: 2, quantity: 1000, unitCost: 2 },
  { materialId: 3, quantity: 100, unitCost: 10 },
  { materialId: 4, quantity: 80, unitCost: 10 },
  { materialId: 5, quantity: 250, unitCost: 2 },
  { materialId: 6, quantity: 30, unitCost: 10 },
  { materialId: 7, quantity: 400, unitCost: 0.5 },
  { materialId: 8, quantity: 10, unitCost: 10 },
  { materialId: 9, quantity: 6, unitCost: 10 },
  { materialId: 10, quantity: 4, unitCost: 10 },
  { materialId: 11, quantity: 0, unitCost: 10 },
  { materialId: 12, quantity: 50, unitCost: 0 },
];

test("ABC 80/15/5: a class holds the materials that start below its cumulative cut-off", () => {
  // cumulative value before each, in %: 0, 50, 70, 80, 88, 93, 96, 98, 99, 99.6
  const c = classifyAbc(TABLE, [80, 15, 5]);
  expect([...c.entries()].sort((a, b) => a[0] - b[0]).map(([, k]) => k).join("")).toBe("AAABBBCCCCCC");
});

test("ABC with other cut-offs (50/30/20)", () => {
  const c = classifyAbc(TABLE, [50, 30, 20]);
  // before: 0 → A; 50 → B; 70 → B; 80 → C …
  expect([1, 2, 3, 4].map((id) => c.get(id))).toEqual(["A", "B", "B", "C"]);
});

test("one material with all the value is A; nothing consumed is C", () => {
  expect(classifyAbc([{ materialId: 1, quantity: 1, unitCost: 1 }, { materialId: 2, quantity: 0, unitCost: 1 }], [80, 15, 5])).toEqual(new Map([[1, "A"], [2, "C"]]));
});

test("a negative cost is BAD_USER_INPUT naming cost", () => {
  expect(() => classifyAbc([{ materialId: 3, quantity: 1, unitCost: -2 }], [80, 15, 5])).toThrow(expect.objectContaining({ code: "BAD_USER_INPUT", details: expect.objectContaining({ field: "cost" }) }));
});

test("XYZ by coefficient of variation", () => {
  expect(classifyXyz({ mean: 100, sigma: 50 }, [0.5, 1])).toBe("X");
  expect(classifyXyz({ mean: 100, sigma: 51 }, [0.5, 1])).toBe("Y");
  expect(classifyXyz({ mean: 100, sigma: 101 }, [0.5, 1])).toBe("Z");
  expect(classifyXyz({ mean: 0, sigma: 0 }, [0.5, 1])).toBeNull();
});

const errorsOf = (input: Parameters<typeof readSettings>[0]) => readSettings(input, DEFAULT_SETTINGS).errors.map((e) => e.field);

test("settings: bad input names the field, good input changes only what it names", () => {
  expect(errorsOf({ abcCutoffs: [80, 15, 4] })).toEqual(["abcCutoffs"]);
  expect(errorsOf({ abcCutoffs: [80, 25, -5] })).toEqual(["abcCutoffs"]);
  expect(errorsOf({ abcCutoffs: [80, 20] })).toEqual(["abcCutoffs"]);
  expect(errorsOf({ xyzThresholds: [1, 0.5] })).toEqual(["xyzThresholds"]);
  expect(errorsOf({ serviceLevelA: 1 })).toEqual(["serviceLevelA"]);
  expect(errorsOf({ serviceLevelC: 0 })).toEqual(["serviceLevelC"]);
  expect(errorsOf({ serviceLevelB: 1.2, historyBuckets: 2 })).toEqual(["serviceLevelB", "historyBuckets"]);
  expect(errorsOf({ countEveryDaysA: 0 })).toEqual(["countEveryDaysA"]);
  const { value } = readSettings({ abcCutoffs: [70, 20, 10], serviceLevelA: 0.99, countEveryDaysB: 60 }, DEFAULT_SETTINGS);
  expect(value).toMatchObject({ abcCutoffs: [70, 20, 10], serviceLevels: { A: 0.99, B: 0.95, C: 0.9 }, countEveryDays: { A: null, B: 60, C: null }, historyBuckets: 52 });
  expect(DEFAULT_SETTINGS.serviceLevels.A).toBe(0.98);
});
