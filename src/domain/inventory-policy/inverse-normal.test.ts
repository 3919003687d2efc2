import { DomainError } from "../shared/domain-error";
import { inverseNormalCdf } from "./inverse-normal";

// standard normal table values (quantiles to 9 decimals)
const TABLE: [number, number][] = [
  [0.5, 0],
  [0.8, 0.841621234],
  [0.9, 1.281551566],
  [0.95, 1.644853627],
  [0.975, 1.959963985],
  [0.98, 2.053748911],
  [0.99, 2.326347874],
  [0.995, 2.575829304],
  [0.999, 3.090232306],
  [0.01, -2.326347874],
  [0.001, -3.090232306],
];

test.each(TABLE)("z(%p) = %p", (p, z) => {
  expect(inverseNormalCdf(p)).toBeCloseTo(z, 7);
});

test("symmetric around one half, increasing", () => {
  for (let p = 0.001; p < 0.5; p += 0.0137) expect(inverseNormalCdf(p)).toBeCloseTo(-inverseNormalCdf(1 - p), 8);
  for (let p = 0.01; p < 0.99; p += 0.01) expect(inverseNormalCdf(p + 0.001)).toBeGreaterThan(inverseNormalCdf(p));
});

test.each([0, 1, -0.1, 1.5, Number.NaN])("a service level of %p is BAD_USER_INPUT naming the field", (p) => {
  expect(() => inverseNormalCdf(p, "serviceLevelA")).toThrow(DomainError);
  try {
    inverseNormalCdf(p, "serviceLevelA");
  } catch (e) {
    expect((e as DomainError).code).toBe("BAD_USER_INPUT");
    expect((e as DomainError).details.field).toBe("serviceLevelA");
  }
});
