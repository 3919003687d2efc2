import fs from "node:fs";
import path from "node:path";

/**
 * A path inside dist/ of the project (what `npm run build` writes besides the compiled hub: the explorer, the
 * trusted documents), found from src/ (ts-jest) and from dist/src/ (compiled) alike.
 */
export function buildOutput(...segments: string[]): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "package.json"))) return path.join(dir, "dist", ...segments);
  }
  throw new Error(`package.json not found above ${__dirname}`);
}
