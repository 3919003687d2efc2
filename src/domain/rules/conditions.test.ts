import { meets, readCondition } from "./conditions";

describe("conditions", () => {
  const facts = { "event.available": "4", "material.abcClass": "A", "warehouse.code": "W1", "material.unitCost": "2.5", "supplier.code": null };

  it("compares numbers given as text as numbers, and combines with all / any / not", () => {
    expect(meets({ fact: "event.available", operator: "lessThan", value: 10 }, facts)).toBe(true);
    expect(meets({ fact: "event.available", operator: "lessThan", value: "4" }, facts)).toBe(false);
    expect(meets({ fact: "event.available", operator: "lessThanInclusive", value: "4.0" }, facts)).toBe(true);
    expect(meets({ fact: "material.unitCost", operator: "greaterThan", value: 2 }, facts)).toBe(true);
    expect(meets({ all: [{ fact: "material.abcClass", operator: "equal", value: "A" }, { fact: "warehouse.code", operator: "in", value: ["W1", "W2"] }] }, facts)).toBe(true);
    expect(meets({ any: [{ fact: "material.abcClass", operator: "equal", value: "B" }, { not: { fact: "warehouse.code", operator: "equal", value: "W1" } }] }, facts)).toBe(false);
    expect(meets({ all: [] }, facts)).toBe(true);
  });

  it("an unknown fact meets no comparison but notEqual and notIn; null is a value", () => {
    expect(meets({ fact: "event.missing", operator: "equal", value: null }, facts)).toBe(false);
    expect(meets({ fact: "event.missing", operator: "greaterThan", value: 0 }, facts)).toBe(false);
    expect(meets({ fact: "event.missing", operator: "notEqual", value: "x" }, facts)).toBe(true);
    expect(meets({ fact: "supplier.code", operator: "equal", value: null }, facts)).toBe(true);
    expect(meets({ fact: "material.abcClass", operator: "greaterThan", value: "A" }, facts)).toBe(false);
  });

  it("reads only data of the known shape, naming the path of each problem", () => {
    const fields = (raw: unknown) => readCondition(raw).errors.map((e) => e.field);
    expect(fields({ all: [{ fact: "material.abcClass", operator: "equal", value: "A" }] })).toEqual([]);
    expect(fields({ all: [{ fact: "material.abcClass", operator: "like", value: "A" }] })).toEqual(["conditions.all[0].operator"]);
    expect(fields({ any: [{ fact: "process.env", operator: "equal", value: "A" }] })).toEqual(["conditions.any[0].fact"]);
    expect(fields({ not: { fact: "warehouse.code", operator: "in", value: "W1" } })).toEqual(["conditions.not.value"]);
    expect(fields({ fact: "event.x", operator: "equal", value: { $where: "1" } })).toEqual(["conditions.value"]);
    expect(fields({ all: {} })).toEqual(["conditions.all"]);
    expect(fields({ all: [], any: [] })).toEqual(["conditions"]);
    expect(fields("material.abcClass == 'A'")).toEqual(["conditions"]);
    let deep: unknown = { fact: "event.x", operator: "equal", value: 1 };
    for (let i = 0; i < 10; i++) deep = { not: deep };
    expect(fields(deep)).toHaveLength(1);
  });
});
