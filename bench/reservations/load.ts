/** A closed-loop load: `concurrency` loops calling `once` back to back, measured after a warmup. */
export interface Result { perSecond: number; p50Ms: number; p99Ms: number; done: number; failures: number; started: number; cpuMsEach: number }

export async function load(concurrency: number, warmupMs: number, measureMs: number, once: (i: number) => Promise<void>): Promise<Result> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const from = start + warmupMs;
  const to = from + measureMs;
  const latencies: number[] = [];
  let failures = 0;
  let n = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < to) {
      const t0 = performance.now();
      try {
        await once(n++);
      } catch (err) {
        if (failures++ === 0) console.error(err);
      }
      const t1 = performance.now();
      if (t0 >= from && t1 <= to) latencies.push(t1 - t0);
    }
  }));
  const { user, system } = process.cpuUsage(cpu);
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? NaN;
  return { perSecond: latencies.length / (measureMs / 1000), p50Ms: q(0.5), p99Ms: q(0.99), done: latencies.length, failures, started: n, cpuMsEach: (user + system) / 1000 / n };
}

