/**
 * bench/query-limits (`npm run bench:query-limits [-- --rounds=5 --requests=300]`): what refusing a query
 * bomb costs the hub against serving a cheap real query, over HTTP, in one run and interleaved rounds.
 * The bomb is 249 × `me { id }` (998 tokens, under every other limit), refused as `fieldRepeats`; the cheap
 * query is `{ me { id } }`. Client and hub share this process: CPU per request includes the client's own,
 * the same for both. For scale it also times what graphql-js validation of the bomb alone would cost.
 */
import { parse, specifiedRules, validate } from "graphql";
import { signToken } from "../../src/auth/jwt";
import { Role } from "../../src/auth/roles";
import { loadConfig } from "../../src/runtime/config";
import { openDatabase } from "../../src/db/database";
import { migrate } from "../../src/db/migrator";
import { createLogger } from "../../src/runtime/logger";
import { buildHubSchema } from "../../src/schema/build-schema";
import { startHub } from "../../src/server";
import { createScratchDatabase } from "../../test/support/scratch-database";
import { benchFlags, environment, figure, runBench, type Cleanup } from "../harness";

const { rounds: ROUNDS, requests: REQUESTS } = benchFlags({ rounds: 5, requests: 300 });

const BOMB = `{ ${Array.from({ length: 249 }, () => "me { id }").join(" ")} }`;
const CHEAP = `{ me { id } }`;

interface Sample { wallMs: number; cpuMs: number }

/** Sends the query `n` times, one after the other; per-request wall and CPU time of this process. */
async function measure(url: URL, token: string, query: string, n: number, expected: number): Promise<Sample> {
  const body = JSON.stringify({ query });
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const res = await fetch(url, { method: "POST", headers, body });
    const text = await res.text();
    if (res.status !== expected) throw new Error(`${query.slice(0, 40)}… answered ${res.status}: ${text.slice(0, 300)}`);
  }
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6 / n;
  const { user, system } = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (user + system) / 1000 / n };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(cleanup: Cleanup) {
  const scratch = await createScratchDatabase("bench_query_limits");
  cleanup.add(() => scratch.drop());
  const config = loadConfig({
    NODE_ENV: "test", PORT: "0", HOST: "127.0.0.1", AUTH_JWT_SECRET: "bench-secret-bench-secret-bench-secret-0", DATABASE_URL: scratch.url,
    RATE_LIMIT_PER_MINUTE: "10000000",
  });
  const db = await openDatabase({ url: scratch.url });
  cleanup.add(() => db.close());
  await migrate(db);
  const hub = await startHub({ config, db, log: createLogger(config) });
  cleanup.add(() => hub.stop());
  const token = await signToken(config.auth, { sub: "bench", roles: [Role.VIEWER] });
  const url = new URL("/graphql", hub.url);
  // warm-up, and a check that the bomb is refused and the cheap query served
  await measure(url, token, BOMB, 50, 400);
  await measure(url, token, CHEAP, 50, 200);

  console.log(environment());
  console.log(`${ROUNDS} rounds of ${REQUESTS} sequential requests each, the order alternating per round`);
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const bombFirst = round % 2 === 1;
    const first = await measure(url, token, bombFirst ? BOMB : CHEAP, REQUESTS, bombFirst ? 400 : 200);
    const second = await measure(url, token, bombFirst ? CHEAP : BOMB, REQUESTS, bombFirst ? 200 : 400);
    const [bomb, cheap] = bombFirst ? [first, second] : [second, first];
    ratios.push(bomb.wallMs / cheap.wallMs);
    cpuRatios.push(bomb.cpuMs / cheap.cpuMs);
    console.log(
      `round ${round}: refused bomb ${bomb.wallMs.toFixed(3)} ms (CPU ${bomb.cpuMs.toFixed(3)} ms), ` +
        `cheap query ${cheap.wallMs.toFixed(3)} ms (CPU ${cheap.cpuMs.toFixed(3)} ms): ratio ${ratios.at(-1)!.toFixed(2)} (CPU ${cpuRatios.at(-1)!.toFixed(2)})`,
    );
  }
  console.log(`median ratio refused bomb / cheap query: ${median(ratios).toFixed(2)} wall, ${median(cpuRatios).toFixed(2)} CPU (below 1: refusing costs less)`);
  figure("query-limits", "refusing a query bomb / serving a cheap query (CPU per request)", median(cpuRatios), "ratio", { atMost: 1 });

  const schema = buildHubSchema();
  const document = parse(BOMB);
  const start = process.hrtime.bigint();
  for (let i = 0; i < 5; i++) validate(schema, document, specifiedRules);
  console.log(`for scale: graphql-js validation of the bomb alone (what it cost before the screen refused it) ${(Number(process.hrtime.bigint() - start) / 1e6 / 5).toFixed(1)} ms`);
}

runBench(main);
