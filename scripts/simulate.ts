/**
 * `npm run simulate -- [--rate 5] [--duration <seconds>] [--count <messages>] [--url mqtt://…] [--prefix hub]
 *  [--excursions 0.02] [--seed <n>]`: the demo plant's devices talk to the hub's broker (see src/demo/device-simulator.ts).
 * Defaults: MQTT_URL, else the embedded broker at mqtt://127.0.0.1:<MQTT_EMBEDDED_PORT or 1884>; MQTT_TOPIC_PREFIX or hub.
 */
import { simulateDevices } from "../src/demo/device-simulator";

const USAGE = "usage: npm run simulate -- [--rate <messages/s>] [--duration <s>] [--count <messages>] [--url mqtt://…] [--prefix <topic prefix>] [--excursions <0..1>] [--seed <n>]";

function options(args: string[], env: NodeJS.ProcessEnv) {
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const flag = /^--(rate|duration|count|url|prefix|excursions|seed)(?:=(.*))?$/.exec(args[i]);
    if (!flag) throw new Error(`${USAGE}\nunknown argument ${args[i]}`);
    flags.set(flag[1], flag[2] ?? args[++i] ?? "");
  }
  const number = (name: string, fallback: number | undefined, min: number, max: number) => {
    const raw = flags.get(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (raw === "" || !Number.isFinite(n) || n < min || n > max) throw new Error(`${USAGE}\n--${name} must be a number from ${min} to ${max}`);
    return n;
  };
  return {
    url: flags.get("url") ?? env.MQTT_URL ?? `mqtt://127.0.0.1:${env.MQTT_EMBEDDED_PORT ?? 1884}`,
    topicPrefix: flags.get("prefix") ?? env.MQTT_TOPIC_PREFIX ?? "hub",
    rate: number("rate", 5, 0.01, 10_000)!,
    durationSeconds: number("duration", undefined, 0, 1e9),
    messages: number("count", undefined, 1, 1e12),
    excursionChance: number("excursions", 0.02, 0, 1),
    seed: number("seed", undefined, 0, 2 ** 32),
  };
}

async function main() {
  const o = options(process.argv.slice(2), process.env);
  const stop = new AbortController();
  process.on("SIGINT", () => stop.abort());
  process.on("SIGTERM", () => stop.abort());
  process.stderr.write(`simulating the demo plant's devices at ${o.url} (topics ${o.topicPrefix}/<warehouse>/devices/<device>/…), ${o.rate} messages/s; Ctrl-C stops\n`);
  const summary = await simulateDevices({ ...o, signal: stop.signal });
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

main().catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exitCode = 1;
});
