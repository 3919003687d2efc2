import { DomainError } from "../domain/shared/domain-error";
import { backoffDelay, PermanentFailure, retry, type RetryPolicy } from "./retry";

const fast: RetryPolicy = { attempts: 4, baseDelayMs: 1, maxDelayMs: 4 };

describe("backoffDelay", () => {
  it("doubles the ceiling each attempt up to the maximum, and jitters below it", () => {
    const policy = { attempts: 10, baseDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(policy, a, () => 1))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffDelay(policy, 3, () => 0.5)).toBe(200);
    expect(backoffDelay(policy, 3, () => 0)).toBe(0);
  });
});

describe("retry", () => {
  it("returns the first success and how many tries it took", async () => {
    let calls = 0;
    const outcome = await retry(async () => {
      if (++calls < 3) throw new Error("connection reset");
      return "ok";
    }, fast);
    expect(outcome).toEqual({ ok: true, value: "ok", attempts: 3 });
  });

  it("gives up after the policy's attempts with the last error", async () => {
    let calls = 0;
    const outcome = await retry(async () => {
      throw new Error(`timeout ${++calls}`);
    }, fast);
    expect(outcome.ok).toBe(false);
    expect(outcome.attempts).toBe(4);
    expect((outcome.error as Error).message).toBe("timeout 4");
  });

  it.each([
    ["a refusal by the hub", new DomainError("NOT_FOUND", "material X does not exist")],
    ["a refusal by the other side", new PermanentFailure("ERP answered 422")],
  ])("does not try again after %s", async (_label, error) => {
    let calls = 0;
    const outcome = await retry(async () => {
      calls++;
      throw error;
    }, fast);
    expect({ ok: outcome.ok, attempts: outcome.attempts, calls }).toEqual({ ok: false, attempts: 1, calls: 1 });
  });

  it("tries a CONFLICT again (another writer won a race)", async () => {
    let calls = 0;
    const outcome = await retry(async () => {
      if (++calls === 1) throw new DomainError("CONFLICT", "changed meanwhile");
      return calls;
    }, fast);
    expect(outcome).toEqual({ ok: true, value: 2, attempts: 2 });
  });

  it("stops waiting when told to stop", async () => {
    let calls = 0;
    const outcome = await retry(async () => {
      calls++;
      throw new Error("down");
    }, fast, () => true);
    expect({ ok: outcome.ok, calls }).toEqual({ ok: false, calls: 1 });
  });
});
