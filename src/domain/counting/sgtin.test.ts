import { decodeSgtin96, gs1CheckDigit, isSgtin96, normalizeGtin } from "./sgtin";

describe("decodeSgtin96", () => {
  it("decodes the Tag Data Standard's example (filter 3, partition 5: a 7-digit company prefix)", () => {
    // urn:epc:tag:sgtin-96:3.0614141.812345.6789 — GTIN (01)80614141123458, serial (21)6789
    expect(decodeSgtin96("3074257BF7194E4000001A85")).toEqual({
      filter: 3, partition: 5, companyPrefix: "0614141", itemReference: "812345", serial: "6789", gtin: "80614141123458",
    });
  });

  it("decodes partition 6 (6-digit company prefix, 7-digit item reference) with a large serial", () => {
    // urn:epc:tag:sgtin-96:0.096736.0064300.1848483854
    expect(decodeSgtin96("30185E78003ECB006E2DA00E")).toEqual({
      filter: 0, partition: 6, companyPrefix: "096736", itemReference: "0064300", serial: "1848483854", gtin: "00967360643004",
    });
    // urn:epc:tag:sgtin-96:0.000001.0000001.1
    expect(decodeSgtin96("301800004000004000000001")).toMatchObject({ companyPrefix: "000001", itemReference: "0000001", serial: "1", gtin: "00000010000014" });
  });

  it("reads hex in either case", () => {
    expect(decodeSgtin96("3074257bf7194e4000001a85").gtin).toBe("80614141123458");
  });

  it("refuses another header, a partition above 6, values past their digits and bad lengths", () => {
    expect(() => decodeSgtin96("3174257BF7194E4000001A85")).toThrow("not an SGTIN-96");
    // partition 7: bits 11-13 all set
    expect(() => decodeSgtin96("301C00000000000000000001")).toThrow("partition 7");
    // partition 6 with a company prefix of 2^20 - 1 = 1048575: seven digits where six are allowed
    expect(() => decodeSgtin96("301BFFFFC00000000000000")).toThrow("24 hexadecimal");
    expect(() => decodeSgtin96("301BFFFFC000000000000001")).toThrow("more digits");
    expect(() => decodeSgtin96("3074257BF7194E4000001A8")).toThrow("24 hexadecimal");
    expect(() => decodeSgtin96("3074257BF7194E4000001A8G")).toThrow("24 hexadecimal");
  });
});

describe("GS1 check digits and GTINs", () => {
  it("computes check digits of known GTINs", () => {
    expect(gs1CheckDigit("8061414112345")).toBe(8);
    expect(gs1CheckDigit("400638133393")).toBe(1); // EAN-13 4006381333931
    expect(gs1CheckDigit("0001234560001")).toBe(2);
  });

  it("writes GTIN-8/12/13 as GTIN-14 and refuses a wrong check digit", () => {
    expect(normalizeGtin("4006381333931")).toBe("04006381333931");
    expect(normalizeGtin(" 80614141123458 ")).toBe("80614141123458");
    expect(() => normalizeGtin("4006381333932")).toThrow("check digit");
    expect(() => normalizeGtin("12345")).toThrow("8, 12, 13 or 14 digits");
  });

  it("tells SGTIN-96 EPCs by header and length", () => {
    expect(isSgtin96("3074257BF7194E4000001A85")).toBe(true);
    expect(isSgtin96("3074257BF7194E40")).toBe(false);
    expect(isSgtin96("E2801160600002086E3A5C2F")).toBe(false);
  });
});
