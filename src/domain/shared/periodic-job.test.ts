import pino from "pino";
import { PeriodicJob } from "./periodic-job";

const log = pino({ level: "silent" });
const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("runs at start, then again the interval after each run ends; stop aborts the run in hand and waits for it", async () => {
  const runs: number[] = [];
  let aborted = false;
  const job = new PeriodicJob({ name: "test job", everyMs: 20 }, async (signal) => {
    runs.push(Date.now());
    if (runs.length === 3) {
      await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve()));
      aborted = signal.aborted;
    }
  }, log);
  job.start();
  expect(runs).toHaveLength(1);
  while (runs.length < 3) await tick(5);
  await job.stop();
  expect(aborted).toBe(true);
  await tick(60);
  expect(runs).toHaveLength(3);
});

test("a failed run is logged and the job goes on; everyMs 0 never runs; runAtStart false waits one interval", async () => {
  let failing = 0;
  const failingJob = new PeriodicJob({ name: "failing job", everyMs: 10 }, async () => {
    failing++;
    throw new Error("boom");
  }, log);
  failingJob.start();
  while (failing < 2) await tick(5);
  await failingJob.stop();

  let never = 0;
  const off = new PeriodicJob({ name: "off", everyMs: 0 }, async () => void never++, log);
  off.start();
  let later = 0;
  const delayed = new PeriodicJob({ name: "later", everyMs: 30, runAtStart: false }, async () => void later++, log);
  delayed.start();
  expect(later).toBe(0);
  while (later < 1) await tick(5);
  await Promise.all([off.stop(), delayed.stop()]);
  expect(never).toBe(0);
});
