/**
 * bench/graphql-read: a nested read (materials → BOM lines → component → its balances) over HTTP, the hub
 * against a raw `pg` baseline and against a peer, PostGraphile 5, in one run on a fresh database. Usage
 * (after `npm run build`):
 *   node dist/bench/graphql-read/run.js [--materials=50] [--lines=5] [--balances=2] [--concurrency=16]
 *                                       [--warmup=2] [--measure=8] [--rounds=1]
 * The three answers are checked to be deep-equal before anything is timed. See docs/benchmarks.md.
 */
import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { signToken } from "../../src/auth/jwt";
import { Role } from "../../src/auth/roles";
import { loadConfig } from "../../src/runtime/config";
import { LISTENER_NAME, openDatabase } from "../../src/db/database";
import { migrate } from "../../src/db/migrator";
import { createLogger } from "../../src/runtime/logger";
import { startHub } from "../../src/server";
import { BASELINE_APPLICATION, startBaseline } from "./baseline";
import { asHubAnswer, PEER_APPLICATION, peerQuery, startPostGraphile } from "./postgraphile-peer";
import type { LoadJob, LoadResult } from "./load-client";
import { createScratchDatabase } from "../../test/support/scratch-database";
import { seedBenchData } from "./seed";
import { benchFlags, environment, figure, loadAverage, runBench, type Cleanup } from "../harness";
import { cpuBetween, openPostgresCpu, type PostgresCpu } from "../postgres-cpu";


const options = () => {
  const o = benchFlags({ materials: 50, lines: 5, balances: 2, concurrency: 16, warmup: 2, measure: 8, rounds: 1 });
  return { ...o, warmupMs: o.warmup * 1000, measureMs: o.measure * 1000 };
};

const query = (first: number) =>
  `{ materials(first: ${first}) { nodes { id code name bomLines { quantityPer scrapPct component { id code balances { locationId lotId onHand reserved available } } } } } }`;

async function post(url: string, headers: Record<string, string>, body: string): Promise<unknown> {
  const res = await fetch(url, { method: "POST", headers, body });
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

function startClient() {
  const child = fork(path.join(__dirname, "load-client.js"), { stdio: "inherit" });
  return {
    run: (job: LoadJob) =>
      new Promise<LoadResult>((resolve, reject) => {
        child.once("message", (m: { result?: LoadResult; error?: string }) => (m.result ? resolve(m.result) : reject(new Error(m.error))));
        child.send(job);
      }),
    stop: () => void child.kill(),
  };
}

const ownCpu = async () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};


/**
 * Runs one target and measures its server's CPU time meanwhile (`cpu`, in µs: the hub and the baseline live
 * in this process, the peer in its own): CPU ms per request is steadier than req/s when other work shares the machine.
 * PostgreSQL's CPU per request is that of the target's own backends (`pgCpu`).
 */
async function measure(client: ReturnType<typeof startClient>, job: LoadJob, pgCpu: PostgresCpu, cpu: () => Promise<number> = ownCpu) {
  const [before, pgBefore] = [await cpu(), await pgCpu()];
  const result = await client.run(job);
  const [after, pgAfter] = [await cpu(), await pgCpu()];
  return { ...result, cpuMsPerRequest: (after - before) / 1000 / result.sent, pgMsPerRequest: cpuBetween(pgBefore, pgAfter) / 1000 / result.sent };
}

const fmt = (r: LoadResult & { cpuMsPerRequest: number; pgMsPerRequest: number }) =>
  `${r.perSecond.toFixed(0).padStart(6)} req/s   p50 ${r.p50Ms.toFixed(1).padStart(6)} ms   p99 ${r.p99Ms.toFixed(1).padStart(6)} ms   ` +
  `server CPU ${r.cpuMsPerRequest.toFixed(2)} ms/req   PostgreSQL CPU ${r.pgMsPerRequest.toFixed(2)} ms/req   (${r.requests} requests${r.failures ? `, ${r.failures} FAILED` : ""})`;

async function main(cleanup: Cleanup) {
  const o = options();
  const scratch = await createScratchDatabase("hub_bench_read");
  cleanup.add(() => scratch.drop());
  const config = loadConfig({
    NODE_ENV: "production",
    PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_URL: scratch.url,
    AUTH_JWT_SECRET: randomBytes(32).toString("hex"),
    LOG_LEVEL: "warn",
    // The bench measures the read path, not the per-caller rate limit.
    RATE_LIMIT_PER_MINUTE: "10000000",
  });
  console.log(environment());
  console.log(`${o.materials} materials × ${o.lines} BOM lines × ${o.balances} balances; ${o.concurrency} clients; warmup ${o.warmupMs / 1000} s, measure ${o.measureMs / 1000} s; pool ${config.dbPoolSize} each`);

  const db = await openDatabase({ url: scratch.url, poolSize: config.dbPoolSize });
  cleanup.add(() => db.close());
  await migrate(db);
  await seedBenchData(db.sql, { materials: o.materials, linesPerBom: o.lines, balancesPerComponent: o.balances });
  const hub = await startHub({ config, db, log: createLogger(config) });
  cleanup.add(() => hub.stop());
  const baseline = await startBaseline(scratch.url, o.materials, config.dbPoolSize);
  cleanup.add(() => baseline.stop());
  const peer = await startPostGraphile(db.sql, scratch.url, config.dbPoolSize);
  cleanup.add(() => peer.stop());
  const client = startClient();
  cleanup.add(client.stop);

  const token = await signToken(config.auth, { sub: "bench", roles: [Role.VIEWER] });
  const body = JSON.stringify({ query: query(o.materials) });
  const hubHeaders = { "content-type": "application/json", authorization: `Bearer ${token}` };
  const baselineHeaders = { "content-type": "application/json" };

  const peerBody = JSON.stringify({ query: peerQuery(o.materials) });
  const [fromHub, fromBaseline, fromPeer] = await Promise.all([
    post(hub.url, hubHeaders, body),
    post(baseline.url, baselineHeaders, body),
    post(peer.url, baselineHeaders, peerBody),
  ]);
  for (const [name, answer] of [["baseline", fromBaseline], ["PostGraphile", asHubAnswer(fromPeer)]] as const) {
    if (!isDeepStrictEqual(fromHub, answer)) {
      throw new Error(`hub and ${name} disagree:\nhub:  ${JSON.stringify(fromHub).slice(0, 600)}\npeer: ${JSON.stringify(answer).slice(0, 600)}`);
    }
  }
  const lines = (fromHub as { data: { materials: { nodes: { bomLines: unknown[] }[] } } }).data.materials.nodes.flatMap((n) => n.bomLines).length;
  console.log(`verified: hub, baseline and PostGraphile return the same data (${o.materials} materials, ${lines} lines)`);

  const job = { body, concurrency: o.concurrency, warmupMs: o.warmupMs, measureMs: o.measureMs };
  // each target's backends, by the application name of its pool (the hub's pool sets none)
  const readings = await openPostgresCpu(scratch.url);
  cleanup.add(() => readings.close());
  const pgCpu = readings.of;
  for (let round = 1; round <= o.rounds; round++) {
    const base = await measure(client, { ...job, url: baseline.url, headers: baselineHeaders }, pgCpu(BASELINE_APPLICATION));
    const hubPg = pgCpu("", LISTENER_NAME);
    const graph = await measure(client, { ...job, url: hub.url, headers: hubHeaders }, hubPg);
    // the hub's background jobs (event followers, outbox, schedules) poll PostgreSQL whatever the load: their share
    // of the hub's figure above, measured while only the peer is busy
    const [idleFrom, idleBefore] = [performance.now(), await hubPg()];
    const other = await measure(client, { ...job, body: peerBody, url: peer.url, headers: baselineHeaders }, pgCpu(PEER_APPLICATION), peer.cpu);
    const idleMsPerSecond = cpuBetween(idleBefore, await hubPg()) / (performance.now() - idleFrom);
    if (o.rounds > 1) console.log(`round ${round} (load average ${loadAverage()})`);
    console.log(`baseline (pg, 3 queries)  ${fmt(base)}`);
    console.log(`hub (GraphQL over HTTP)   ${fmt(graph)}`);
    console.log(`PostGraphile 5 (Node 24)  ${fmt(other)}`);
    console.log(`hub's background PostgreSQL CPU meanwhile: ${idleMsPerSecond.toFixed(1)} ms/s (${((idleMsPerSecond * (o.warmupMs + o.measureMs)) / 1000 / graph.sent).toFixed(2)} ms of its figure per request)`);
    const both = (r: typeof base) => r.cpuMsPerRequest + r.pgMsPerRequest;
    console.log(`ratio hub/baseline        ${(graph.perSecond / base.perSecond).toFixed(3)} req/s, ${(base.cpuMsPerRequest / graph.cpuMsPerRequest).toFixed(3)} by server CPU per request, ${(both(base) / both(graph)).toFixed(3)} by server + PostgreSQL CPU`);
    console.log(`ratio hub/PostGraphile    ${(graph.perSecond / other.perSecond).toFixed(3)} req/s, ${(other.cpuMsPerRequest / graph.cpuMsPerRequest).toFixed(3)} by server CPU per request, ${(both(other) / both(graph)).toFixed(3)} by server + PostgreSQL CPU`);
    figure("graphql-read", "nested read, hub / raw pg (requests per second)", graph.perSecond / base.perSecond, "ratio", { atLeast: 0.6 });
    figure("graphql-read", "nested read, hub / PostGraphile 5 (requests per second)", graph.perSecond / other.perSecond, "ratio", { atLeast: 2 });
    if (base.failures || graph.failures || other.failures) process.exitCode = 1;
  }
}

runBench(main);
