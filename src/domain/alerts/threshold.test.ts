import { breachOf } from "./threshold";

describe("breachOf", () => {
  it("is null inside the range, the bounds included", () => {
    expect([10, 15, 20].map((v) => breachOf({ low: 10, high: 20 }, v))).toEqual([null, null, null]);
  });

  it("names the side and the bound crossed", () => {
    expect(breachOf({ low: 10, high: 20 }, 20.5)).toEqual({ side: "above", bound: 20 });
    expect(breachOf({ low: 10, high: 20 }, -3)).toEqual({ side: "below", bound: 10 });
  });

  it("checks only the bounds that are set", () => {
    expect(breachOf({ low: null, high: 80 }, -1000)).toBeNull();
    expect(breachOf({ low: 5, high: null }, 1e9)).toBeNull();
    expect(breachOf({ low: 5, high: null }, 4.9)).toEqual({ side: "below", bound: 5 });
  });
});
