/**
 * `npm run import -- <file> --kind materials [--url http://localhost:4000] [--token <bearer> | --api-key <key>] [--format csv|json|ndjson]`
 *
 * Streams the file to a running hub's POST /import/<kind> and draws its progress on stderr. Exits 0 when
 * the import completed (printing the counts), 1 when the file is invalid (listing the errors with their
 * lines: nothing was written) or the import failed. The token may also come from HUB_TOKEN / HUB_API_KEY.
 */
import fs from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { Readable } from "node:stream";

function parseArgs(argv: string[]) {
  const flags = new Map<string, string>();
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i].startsWith("--")) {
      const [name, inline] = argv[i].slice(2).split("=", 2);
      flags.set(name, inline ?? argv[++i] ?? "");
    } else files.push(argv[i]);
  }
  const file = files[0];
  const kind = flags.get("kind");
  if (!file || !kind) throw new Error("usage: npm run import -- <file> --kind <materials|boms|opening-stock|…> [--url …] [--token …]");
  const ext = path.extname(file).slice(1).toLowerCase();
  return {
    file,
    kind,
    format: flags.get("format") ?? (ext === "jsonl" ? "ndjson" : ext || "csv"),
    url: flags.get("url") ?? process.env.HUB_URL ?? "http://localhost:4000",
    token: flags.get("token") ?? process.env.HUB_TOKEN,
    apiKey: flags.get("api-key") ?? process.env.HUB_API_KEY,
  };
}

function bar(p: { status: string; validated: number; applied: number; total: number | null }, bytesRead: number, size: number) {
  const fraction = p.status === "APPLYING" && p.total ? p.applied / p.total : p.status === "VALIDATING" ? bytesRead / Math.max(size, 1) : 1;
  const width = 30;
  const done = Math.round(Math.min(1, fraction) * width);
  const rows = p.status === "APPLYING" ? `${p.applied}/${p.total} applied` : `${p.validated} validated`;
  process.stderr.write(`\r${p.status.padEnd(10)} [${"#".repeat(done)}${" ".repeat(width - done)}] ${String(Math.round(fraction * 100)).padStart(3)}%  ${rows}   `);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const size = fs.statSync(args.file).size;
  let bytesRead = 0;
  const body = fs.createReadStream(args.file).on("data", (chunk) => (bytesRead += chunk.length));
  const auth: Record<string, string> = args.token ? { authorization: `Bearer ${args.token}` } : args.apiKey ? { authorization: `ApiKey ${args.apiKey}` } : {};
  const res = await fetch(new URL(`/import/${encodeURIComponent(args.kind)}?format=${args.format}`, args.url), {
    method: "POST",
    headers: auth,
    body: Readable.toWeb(body) as unknown as string,
    duplex: "half",
  } as RequestInit);
  if (!res.ok || !res.body) {
    const text = await res.text();
    process.stderr.write(`refused (HTTP ${res.status}): ${text}\n`);
    return 1;
  }
  for await (const text of createInterface({ input: Readable.fromWeb(res.body as never) })) {
    const msg = JSON.parse(text);
    if (msg.progress) bar(msg.progress, bytesRead, size);
    if (msg.error) {
      process.stderr.write(`\nimport failed: ${msg.error.message} (${msg.error.extensions?.code})\n`);
      return 1;
    }
    if (msg.result) {
      const r = msg.result;
      process.stderr.write("\n");
      if (r.status === "COMPLETED") {
        process.stdout.write(`import ${r.importId}: ${r.total} rows: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged\n`);
        return 0;
      }
      for (const e of r.errors) process.stdout.write(`line ${e.line}${e.field ? ` ${e.field}` : ""}: ${e.code} ${e.message}\n`);
      const more = r.errorCount - r.errors.length;
      process.stdout.write(`import ${r.importId}: ${r.errorCount} error(s)${more > 0 ? ` (${more} more not listed)` : ""}; nothing was written\n`);
      return 1;
    }
  }
  process.stderr.write("\nthe hub closed the connection before the import finished\n");
  return 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
