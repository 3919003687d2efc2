/**
 * A closed-loop load: `concurrency` loops calling `once` back to back, measured after a warmup. A run is made of
 * slices (bench/reservations alternates targets slice by slice); `summarize` joins a target's slices.
 */
export interface Slice {
  /** completed calls' latencies in ms, those started and ended inside the measured window */
  latencies: number[];
  measureMs: number;
  failures: number;
  /** calls started, warmup included: what the CPU is divided by */
  started: number;
  /** this process's CPU over the slice, warmup included */
  cpuMs: number;
}

export interface Result { perSecond: number; p50Ms: number; p99Ms: number; done: number; failures: number; started: number; cpuMsEach: number }

export async function load(concurrency: number, warmupMs: number, measureMs: number, once: (i: number) => Promise<void>): Promise<Slice> {
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
  return { latencies, measureMs, failures, started: n, cpuMs: (user + system) / 1000 };
}

/** One target's slices as one result: rate over the measured windows, percentiles over all latencies, CPU per call started. */
export function summarize(slices: readonly Slice[]): Result {
  const latencies = slices.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const sum = (f: (s: Slice) => number) => slices.reduce((t, s) => t + f(s), 0);
  const started = sum((s) => s.started);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? NaN;
  return {
    perSecond: latencies.length / (sum((s) => s.measureMs) / 1000), p50Ms: q(0.5), p99Ms: q(0.99), done: latencies.length,
    failures: sum((s) => s.failures), started, cpuMsEach: sum((s) => s.cpuMs) / Math.max(1, started),
  };
}
