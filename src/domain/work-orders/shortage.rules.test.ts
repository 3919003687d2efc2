import { Decimal } from "../shared/quantity";
import { suggestionsFor, type FreeStock } from "./shortage.rules";

const shortage = { materialId: 1, code: "BOLT", required: new Decimal(10), available: new Decimal(4), short: new Decimal(6) };
const free = (materialId: number, warehouseId: number, amount: string): FreeStock => ({ materialId, warehouseId, warehouseCode: `W${warehouseId}`, free: amount });
const sub = (substituteId: number, ratio: string) => ({ materialId: 1, substituteId, substituteCode: `S${substituteId}`, ratio });

describe("suggestionsFor", () => {
  it("offers substitutes free in the order's warehouse for short × ratio, by priority, before transfers", () => {
    const found = suggestionsFor(shortage, 1, [sub(7, "2"), sub(8, "1")], [free(7, 1, "12"), free(8, 1, "6"), free(1, 2, "6")]);
    expect(found).toEqual([
      { component: "BOLT", kind: "SUBSTITUTE", materialCode: "S7", warehouseCode: "W1", quantity: "12" },
      { component: "BOLT", kind: "SUBSTITUTE", materialCode: "S8", warehouseCode: "W1", quantity: "6" },
      { component: "BOLT", kind: "TRANSFER", materialCode: "BOLT", warehouseCode: "W2", quantity: "6" },
    ]);
  });

  it("leaves out what does not cover the whole shortage, substitutes free elsewhere and the order's own warehouse", () => {
    const found = suggestionsFor(shortage, 1, [sub(7, "2")], [free(7, 1, "11.9"), free(7, 2, "100"), free(1, 1, "50"), free(1, 3, "5.99")]);
    expect(found).toEqual([]);
  });
});
