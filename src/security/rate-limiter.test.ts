import { RateLimiter } from "./rate-limiter";

const clock = () => {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
};

test("a full minute's allowance passes at once, the next request waits for one token", () => {
  const c = clock();
  const limiter = new RateLimiter(60, c.now);
  for (let i = 0; i < 60; i++) expect(limiter.take("a")).toBe(0);
  expect(limiter.take("a")).toBe(1); // one token per second at 60/minute
  expect(limiter.take("b")).toBe(0);
});

test("tokens refill continuously, up to the allowance", () => {
  const c = clock();
  const limiter = new RateLimiter(6, c.now); // one token per 10 s
  for (let i = 0; i < 6; i++) limiter.take("a");
  expect(limiter.take("a")).toBe(10);
  c.advance(10_000);
  expect(limiter.take("a")).toBe(0);
  expect(limiter.take("a")).toBe(10);
  c.advance(3_600_000);
  for (let i = 0; i < 6; i++) expect(limiter.take("a")).toBe(0);
  expect(limiter.take("a")).toBeGreaterThan(0);
});

test("Retry-After rounds up to whole seconds", () => {
  const c = clock();
  const limiter = new RateLimiter(1, c.now);
  expect(limiter.take("a")).toBe(0);
  c.advance(500);
  expect(limiter.take("a")).toBe(60);
});
