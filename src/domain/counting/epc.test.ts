import { readEpc } from "./epc";

const hex = (text: string) => Buffer.from(text).toString("hex");

describe("readEpc", () => {
  it("reads an SGTIN-96 as its GTIN", () => {
    expect(readEpc("3074257bf7194e4000001a85")).toEqual({ epc: "3074257BF7194E4000001A85", kind: "SGTIN", gtin: "80614141123458" });
  });

  it("reads the hub's text encoding, with or without a lot", () => {
    expect(readEpc(hex("RELAY-10A"))).toEqual({ epc: hex("RELAY-10A").toUpperCase(), kind: "TEXT", materialCode: "RELAY-10A", lotCode: null });
    expect(readEpc(hex("PAINT-BLACK|PB-2609-3"))).toMatchObject({ kind: "TEXT", materialCode: "PAINT-BLACK", lotCode: "PB-2609-3" });
  });

  it("leaves other EPCs to the mapping table", () => {
    expect(readEpc("E2801160600002086E3A5C2F")).toEqual({ epc: "E2801160600002086E3A5C2F", kind: "OTHER" });
  });

  it("refuses malformed EPCs naming the field", () => {
    for (const bad of ["", "xyz", "ABC", "3", "G0".repeat(4), "00".repeat(65)]) {
      expect(() => readEpc(bad, "epcs")).toThrow(expect.objectContaining({ code: "BAD_USER_INPUT", details: { field: "epcs" } }));
    }
    // the SGTIN-96 header and length, but partition 7
    expect(() => readEpc("301C00000000000000000001")).toThrow("partition 7");
  });
});
