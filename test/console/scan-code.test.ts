/**
 * The storekeeper's scan reader (console/src/pages/storekeeper/scan-code.ts) reads labels and tags as the hub
 * does: the same EPCs the hub's readEpc and decodeScan take decode to the same material and lot here.
 */
import { asItem, classifyScan } from "../../console/src/pages/storekeeper/scan-code";
import { readEpc } from "../../src/domain/counting/epc";
import { decodeScan } from "../../src/domain/stock/scan-code";

const LOCATIONS = new Set(["A-01", "RECV", "LINE-1"]);
const hex = (text: string) => Buffer.from(text, "utf8").toString("hex").toUpperCase();

test("a location's code (any case, with spaces a scanner may add) is that location", () => {
  expect(classifyScan("a-01", LOCATIONS)).toEqual({ kind: "location", code: "A-01" });
  expect(classifyScan("  RECV \n", LOCATIONS)).toEqual({ kind: "location", code: "RECV" });
});

test("material labels: MATERIAL and MATERIAL|LOT, as the hub's decodeScan reads them", () => {
  for (const label of ["FEET-RUBBER", "STAINLESS-08|SX-2610-07"]) {
    const scan = classifyScan(label, LOCATIONS);
    const hub = decodeScan(label, null);
    expect(asItem(scan)).toEqual({ materialCode: hub.materialCode, lotCode: hub.lotCode });
  }
  expect(classifyScan("STAINLESS-08|SX-2610-07", LOCATIONS)).toEqual({ kind: "item", materialCode: "STAINLESS-08", lotCode: "SX-2610-07", epc: null });
  expect(classifyScan("FEET-RUBBER", LOCATIONS)).toEqual({ kind: "code", code: "FEET-RUBBER" });
});

test("labels the hub refuses are unreadable here too", () => {
  for (const label of ["A|B|C", "|LOT", "MAT|", ""]) {
    expect(() => decodeScan(label, null)).toThrow();
    expect(classifyScan(label, LOCATIONS).kind).toBe("invalid");
  }
});

test("a text EPC decodes to the material and lot the hub reads from it", () => {
  for (const text of ["KETTLE-17", "STAINLESS-08|SX-2610-07"]) {
    const epc = hex(text);
    const hub = readEpc(epc);
    if (hub.kind !== "TEXT") throw new Error("the hub reads it as text");
    expect(classifyScan(epc.toLowerCase(), LOCATIONS)).toEqual({ kind: "item", materialCode: hub.materialCode, lotCode: hub.lotCode, epc });
  }
});

test("an SGTIN-96 EPC is a tag only the hub can name (through its GTIN mappings)", () => {
  const sgtin = "3074257BF7194E4000001A85";
  expect(readEpc(sgtin).kind).toBe("SGTIN");
  expect(classifyScan(sgtin, LOCATIONS)).toEqual({ kind: "tag", epc: sgtin });
  expect(asItem(classifyScan(sgtin, LOCATIONS))).toBeNull();
});

test("hex that is not text the hub would read stays a plain code", () => {
  expect(classifyScan("CAFE", LOCATIONS)).toEqual({ kind: "code", code: "CAFE" });
});
