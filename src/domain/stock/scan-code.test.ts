import { decodeScan } from "./scan-code";

describe("decodeScan", () => {
  it("reads a material, or a material and a lot", () => {
    expect(decodeScan("MCU-8BIT", undefined)).toEqual({ materialCode: "MCU-8BIT", lotCode: null });
    expect(decodeScan("PAINT-BLACK|PB-2609-3", null)).toEqual({ materialCode: "PAINT-BLACK", lotCode: "PB-2609-3" });
  });

  it("reads a hex-encoded EPC", () => {
    expect(decodeScan(null, Buffer.from("RELAY-10A").toString("hex"))).toEqual({ materialCode: "RELAY-10A", lotCode: null });
  });

  it("refuses both, neither, bad hex and malformed codes", () => {
    expect(() => decodeScan("A", "41")).toThrow("either");
    expect(() => decodeScan(null, null)).toThrow("either");
    expect(() => decodeScan(null, "xyz")).toThrow("hexadecimal");
    expect(() => decodeScan("A|B|C", null)).toThrow("MATERIAL");
    expect(() => decodeScan("A|", null)).toThrow("MATERIAL");
  });
});
