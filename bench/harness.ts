/**
 * What every bench shares: its `--name=value` flags, the line saying where it ran, clean-up in reverse order
 * whatever happens, and the figures it measured against their targets — printed for a person and, on a line
 * of their own starting with FIGURE_PREFIX, for `npm run bench` (bench/all.ts), which collects them into one
 * table.
 */
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";

const NODE_FLAG = "--node=";

/**
 * `--node=<major>`, a flag of every bench: when this process runs on another major version, runs the same
 * command again under that one (scripts/with-node.js, the registry's `node` package in a cache of its own)
 * and exits with its exit code. For `npm run bench -- --node=24` the benches it starts run on 24 too.
 */
export function onRequestedNode(): void {
  const major = process.argv.find((a) => a.startsWith(NODE_FLAG))?.slice(NODE_FLAG.length);
  if (major === undefined || process.versions.node.split(".")[0] === major) return;
  const withNode = path.resolve(__dirname, "../../scripts/with-node.js");
  const args = process.argv.slice(1).filter((a) => !a.startsWith(NODE_FLAG));
  const { status } = spawnSync(process.execPath, [withNode, major, "node", ...process.execArgv, ...args], { stdio: "inherit" });
  process.exit(status ?? 1);
}

/** Each flag `--name=N` given overrides its default (`--node` aside); anything else is an error naming the flag. */
export function benchFlags<T extends Record<string, number>>(defaults: T, { whole = true, min = 1 } = {}): T {
  const given = new Map(
    process.argv
      .slice(2)
      .filter((a) => a.startsWith("--") && !a.startsWith(NODE_FLAG))
      .map((a) => a.slice(2).split("=") as [string, string | undefined]),
  );
  for (const name of given.keys()) if (!(name in defaults)) throw new Error(`unknown flag --${name}; known: ${Object.keys(defaults).map((k) => `--${k}`).join(" ")}`);
  const out: Record<string, number> = { ...defaults };
  for (const [name, text] of given) {
    const n = Number(text);
    if (text === undefined || !Number.isFinite(n) || n < min || (whole && !Number.isInteger(n))) {
      throw new Error(`--${name} expects a ${whole ? "whole " : ""}number of at least ${min}, got ${text ?? "nothing"}`);
    }
    out[name] = n;
  }
  return out as T;
}

/** Node version, cores and the load average: what a figure means depends on them. */
export function environment(): string {
  return `node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`;
}

export const loadAverage = () => os.loadavg()[0]!.toFixed(2);

export interface Target {
  /** met when the measured value is at least this… */
  atLeast?: number;
  /** …or at most this */
  atMost?: number;
}

export interface Figure {
  bench: string;
  name: string;
  value: number;
  unit: string;
  target: Target | null;
  met: boolean | null;
  loadAverage: number;
}

export const FIGURE_PREFIX = "BENCH-FIGURE ";

/** Reports one measured figure (a ratio against a baseline of the same run, or a duration) and whether it meets its target. */
export function figure(bench: string, name: string, value: number, unit: string, target: Target | null = null): Figure {
  const met = target === null ? null : (target.atLeast === undefined || value >= target.atLeast) && (target.atMost === undefined || value <= target.atMost);
  const f: Figure = { bench, name, value, unit, target, met, loadAverage: os.loadavg()[0]! };
  process.stdout.write(`${FIGURE_PREFIX}${JSON.stringify(f)}\n`);
  return f;
}

export const describeTarget = (t: Target | null) =>
  t === null ? "—" : [t.atLeast !== undefined ? `≥ ${t.atLeast}` : "", t.atMost !== undefined ? `≤ ${t.atMost}` : ""].filter(Boolean).join(" and ");

/** Steps to undo what a bench set up (servers, databases), run last-in first-out. */
export class Cleanup {
  private readonly steps: (() => unknown)[] = [];
  add(step: () => unknown): void {
    this.steps.unshift(step);
  }
  async run(): Promise<void> {
    for (const step of this.steps.splice(0)) await step();
  }
}

/** Runs a bench: clean-up always, exit code 1 on an error (or a failed check that set process.exitCode). */
export function runBench(main: (cleanup: Cleanup) => Promise<void>): void {
  onRequestedNode();
  const cleanup = new Cleanup();
  const fail = (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  };
  void (async () => {
    try {
      await main(cleanup);
    } catch (err) {
      fail(err);
    } finally {
      await cleanup.run().catch(fail);
    }
    process.exit(process.exitCode ?? 0);
  })();
}
