/**
 * The load generator, run as a child process (child_process.fork) so its CPU shows up as a separate
 * process rather than inside the server's event loop. It drives every target the same way: `concurrency`
 * keep-alive connections, each sending the next request as soon as the previous answer has been read.
 */
import http from "node:http";
import { post } from "../http-post";

export interface LoadJob {
  url: string;
  headers: Record<string, string>;
  body: string;
  concurrency: number;
  warmupMs: number;
  measureMs: number;
}

export interface LoadResult {
  requests: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** non-200 answers, bodies of an unexpected length, or transport errors */
  failures: number;
  /** every request answered, warmup included (the server's CPU time is divided by it) */
  sent: number;
}

async function send(agent: http.Agent, job: LoadJob, body: Buffer): Promise<{ status: number; bytes: number }> {
  const { status, chunks } = await post(agent, job.url, job.headers, body);
  return { status, bytes: chunks.reduce((n, chunk) => n + chunk.length, 0) };
}

export async function runLoad(job: LoadJob): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.concurrency });
  const body = Buffer.from(job.body);
  const expectedBytes = (await send(agent, job, body)).bytes;
  const latencies: number[] = [];
  let failures = 0;
  let sent = 0;
  const start = performance.now();
  const measureFrom = start + job.warmupMs;
  const end = measureFrom + job.measureMs;

  async function worker() {
    while (performance.now() < end) {
      const t0 = performance.now();
      const ok = await send(agent, job, body).then((r) => r.status === 200 && r.bytes === expectedBytes, () => false);
      const t1 = performance.now();
      sent++;
      if (t0 < measureFrom || t1 > end) continue;
      if (ok) latencies.push(t1 - t0);
      else failures++;
    }
  }
  await Promise.all(Array.from({ length: job.concurrency }, worker));
  agent.destroy();

  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { requests: latencies.length, perSecond: latencies.length / (job.measureMs / 1000), p50Ms: at(0.5), p99Ms: at(0.99), failures, sent };
}

if (require.main === module) {
  process.on("message", (job: LoadJob) => {
    runLoad(job).then(
      (result) => process.send!({ result }),
      (err: Error) => process.send!({ error: err.stack ?? err.message }),
    );
  });
}
