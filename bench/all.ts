/**
 * `npm run bench [-- --only=mrp,reservations --node=24]`: every `bench:*` script of package.json in turn (compiled
 * once by the npm script; all on Node 24 with --node=24), each one's output shown as it runs, then one table of the figures they reported
 * (bench/harness.ts `figure`) against their targets. Exit code 1 if a bench failed; a target not met is
 * shown, not a failure (figures depend on the machine and its load, printed with them).
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { describeTarget, environment, FIGURE_PREFIX, onRequestedNode, type Figure } from "./harness";

const root = path.resolve(__dirname, "../..");

/** The command of each `bench:<name>` script after its build step. */
function benches(): { name: string; command: string }[] {
  const scripts = (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
  const only = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length).split(",");
  return Object.entries(scripts)
    .filter(([key]) => key.startsWith("bench:"))
    .map(([key, script]) => ({ name: key.slice("bench:".length), command: script.split("&&").at(-1)!.trim() }))
    .filter((b) => !only || only.includes(b.name));
}

function run(command: string, figures: Figure[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn("sh", ["-c", command], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
    createInterface({ input: child.stdout }).on("line", (line) => {
      if (line.startsWith(FIGURE_PREFIX)) figures.push(JSON.parse(line.slice(FIGURE_PREFIX.length)) as Figure);
      else process.stdout.write(`  ${line}\n`);
    });
    child.on("close", (code) => resolve(code ?? 1));
  });
}

async function main() {
  console.log(environment());
  const figures: Figure[] = [];
  const failed: string[] = [];
  for (const bench of benches()) {
    console.log(`\n▶ ${bench.name}: ${bench.command}`);
    if ((await run(bench.command, figures)) !== 0) failed.push(bench.name);
  }
  const rows = figures.map((f) => [f.bench, f.name, `${f.value.toFixed(3)} ${f.unit === "ratio" ? "" : f.unit}`.trim(), describeTarget(f.target), f.met === null ? "—" : f.met ? "met" : "NOT MET", f.loadAverage.toFixed(2)]);
  const header = ["bench", "figure", "measured", "target", "", "load"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  console.log(`\n${environment()}\n${line(header)}\n${line(widths.map((w) => "-".repeat(w)))}\n${rows.map(line).join("\n")}`);
  if (failed.length > 0) {
    console.log(`\nfailed: ${failed.join(", ")}`);
    process.exitCode = 1;
  }
}

onRequestedNode();
void main();
