/** The explorer's bundle for tests: brought up to date by scripts/build.js (rebuilt only when explorer/ changed). */
import { execFileSync } from "node:child_process";
import path from "node:path";

export function ensureExplorerBuilt(): void {
  execFileSync(process.execPath, [path.join(__dirname, "../../scripts/build.js"), "explorer"], { stdio: "inherit" });
}
