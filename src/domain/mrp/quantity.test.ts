import fc from "fast-check";
import { DomainError } from "../shared/domain-error";
import { MAX_MICRO, bomFactor, formatQuantity, mulCeil, parseQuantity, roundUpTo } from "./quantity";

const code = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return e instanceof DomainError ? e.code : `not a DomainError: ${String(e)}`;
  }
  return undefined;
};

describe("parseQuantity / formatQuantity", () => {
  it.each([
    ["0", 0],
    ["12", 12_000_000],
    ["0.5", 500_000],
    ["3.250000", 3_250_000],
    ["0.000001", 1],
    ["007.10", 7_100_000],
    ["1.50000000", 1_500_000],
    ["-0", 0],
    ["9007199254.740991", MAX_MICRO],
  ])("parses %s exactly", (text, micro) => {
    expect(parseQuantity(text, "q")).toBe(micro);
  });

  it.each([
    [0, "0"],
    [12_000_000, "12"],
    [500_000, "0.5"],
    [1, "0.000001"],
    [-2_500_000, "-2.5"],
    [MAX_MICRO, "9007199254.740991"],
  ])("formats %d as %s", (micro, text) => {
    expect(formatQuantity(micro)).toBe(text);
  });

  it.each([
    ["-1", "negative"],
    ["-0.000001", "negative"],
    ["abc", "not a decimal"],
    ["1e3", "not a decimal"],
    [" 1", "not a decimal"],
    ["1.", "not a decimal"],
    [".5", "not a decimal"],
    ["", "not a decimal"],
    ["1.0000001", "more than 6 decimals"],
    ["9007199254.740992", "too large"],
    ["1000000000000", "too large"],
  ])("rejects %j (%s) with BAD_USER_INPUT", (text, why) => {
    expect(code(() => parseQuantity(text, "demands[0].quantity"))).toBe("BAD_USER_INPUT");
    expect(() => parseQuantity(text, "demands[0].quantity")).toThrow(why);
  });

  it("rejects numbers: quantities must arrive as decimal strings", () => {
    expect(code(() => parseQuantity(0.1, "q"))).toBe("BAD_USER_INPUT");
  });

  it("adds without float drift: 0.1 + 0.2 = 0.3 and ten 0.1s make 1", () => {
    const tenth = parseQuantity("0.1", "q");
    expect(formatQuantity(tenth + parseQuantity("0.2", "q"))).toBe("0.3");
    let sum = 0;
    for (let i = 0; i < 10; i++) sum += tenth;
    expect(formatQuantity(sum)).toBe("1");
  });

  it("round-trips every micro-unit value", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_MICRO }), (micro) => {
        expect(parseQuantity(formatQuantity(micro), "q")).toBe(micro);
      }),
    );
  });
});

describe("bomFactor / mulCeil", () => {
  const exact = (q: number, quantityPer: number, scrapPct: number): bigint => {
    const num = BigInt(q) * BigInt(quantityPer) * (100_000_000n + BigInt(scrapPct));
    const den = 100_000_000_000_000n;
    return (num + den - 1n) / den;
  };

  it("reduces quantity-per × (1 + scrap%) to lowest terms", () => {
    const f = bomFactor(parseQuantity("3", "q"), parseQuantity("2.5", "q"));
    expect([f.num, f.den]).toEqual([123, 40]); // 3 × 1.025 = 3.075 = 123/40
    expect(formatQuantity(mulCeil(parseQuantity("60", "q"), f))).toBe("184.5");
  });

  it("divides by the BOM's base quantity exactly", () => {
    const perThree = bomFactor(parseQuantity("1", "q"), 0, parseQuantity("3", "q"));
    expect([perThree.num, perThree.den]).toEqual([1, 3]);
    expect(formatQuantity(mulCeil(parseQuantity("10", "q"), perThree))).toBe("3.333334"); // 3.333…↑
    expect(formatQuantity(mulCeil(parseQuantity("30", "q"), perThree))).toBe("10");
    // 0.000001 × 1.00000001 / 9000000000.000001: the reduced denominator is beyond 2^53 (BigInt path);
    // × 9000000000.000001 it is 0.00000100000001, rounded up.
    const huge = bomFactor(1, 1, parseQuantity("9000000000.000001", "q"));
    expect(huge.fast).toBe(false);
    expect(formatQuantity(mulCeil(parseQuantity("9000000000.000001", "q"), huge))).toBe("0.000002");
  });

  it("rounds up to the micro-unit", () => {
    const third = bomFactor(parseQuantity("0.333333", "q"), 0);
    expect(formatQuantity(mulCeil(parseQuantity("0.5", "q"), third))).toBe("0.166667"); // 0.1666665 ↑
    expect(formatQuantity(mulCeil(parseQuantity("3", "q"), third))).toBe("0.999999");
  });

  it("is exact beyond 2^53 intermediate products (BigInt path)", () => {
    const q = parseQuantity("123456789.123457", "q");
    const f = bomFactor(parseQuantity("7.654321", "q"), parseQuantity("3.3333", "q"));
    expect(BigInt(mulCeil(q, f))).toBe(exact(q, 7_654_321, 3_333_300));
    // 123456789.123457 × 7.654321 × 1.033333 = 976476841.706958931204064101 (Python Decimal, 60 digits)
    expect(formatQuantity(mulCeil(q, f))).toBe("976476841.706959");
  });

  it("matches BigInt arithmetic on random quantities, factors and scrap", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.integer({ min: 1, max: 50_000_000 }),
        fc.integer({ min: 0, max: 99_999_999 }),
        (q, quantityPer, scrapPct) => {
          const result = mulCeil(q, bomFactor(quantityPer, scrapPct));
          const expected = exact(q, quantityPer, scrapPct);
          if (expected > BigInt(MAX_MICRO)) return; // out of range: covered below
          expect(BigInt(result)).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("refuses results beyond the exact range with LIMIT_EXCEEDED", () => {
    const big = parseQuantity("9000000000", "q");
    expect(code(() => mulCeil(big, bomFactor(parseQuantity("2", "q"), 0)))).toBe("LIMIT_EXCEEDED");
  });

  it("roundUpTo rounds up to a multiple", () => {
    expect(roundUpTo(29_000_000, 25_000_000)).toBe(50_000_000);
    expect(roundUpTo(50_000_000, 25_000_000)).toBe(50_000_000);
    expect(roundUpTo(1, 333_333)).toBe(333_333);
  });
});
