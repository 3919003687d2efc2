import type { Peg } from "../mrp";
import { CopyText } from "../../db/copy-text";
import { copyPegs, storedPegs, storedPegsJson } from "./stored-pegs";

const cases: Peg[][] = [
  [],
  [{ demandId: 17, quantity: "12" }],
  [
    { demandId: 3, quantity: "0.000001" },
    { demandId: -2, quantity: "4.5" }, // a what-if's extra demand
    { demandId: -(2 ** 40) - 7, quantity: "100" }, // the forecast's
    { demandId: -(2 ** 30) - 1, quantity: "2.25" }, // a planned transfer's
    { demandId: "SAFETY_STOCK", quantity: "9007199254.740991" },
    { demandId: "RESERVED", quantity: "1" },
    { demandId: "LOT_SIZE", quantity: "0.5" },
  ],
];

test("pegs written out as JSON are exactly JSON.stringify of the stored pegs, whatever the demand", () => {
  for (const pegs of cases) expect(storedPegsJson(pegs)).toBe(JSON.stringify(storedPegs(pegs)));
  expect(JSON.parse(storedPegsJson(cases[2]))).toEqual([[3, "0.000001"], [-2, "4.5"], ["FORECAST", "100"], ["TRANSFER", "2.25"], ["SAFETY_STOCK", "9007199254.740991"], ["RESERVED", "1"], ["LOT_SIZE", "0.5"]]);
});

test("pegs written into COPY text are the same JSON, byte for byte", () => {
  for (const pegs of cases) {
    const text = new CopyText(1);
    copyPegs(text, pegs);
    expect(text.take().toString("utf8")).toBe(storedPegsJson(pegs));
  }
});
