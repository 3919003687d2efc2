/**
 * The GraphQL explorer (development only): GraphiQL served by the hub at the graph's URL to a browser (GET
 * asking for text/html), its bundle under `<graphql path>/explorer/` — built by `npm run build` into
 * dist/explorer (scripts/build-explorer.js), so it needs no network beyond the hub. The page starts with the
 * given headers (the demo credential). A Content-Security-Policy keeps the page to the hub's own origin.
 */
import fs from "node:fs";
import path from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import { buildOutput } from "../runtime/build-output";

const CONTENT_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".ttf": "font/ttf",
  ".json": "application/json",
};

// Monaco sets styles from script (style-src 'unsafe-inline') and its fonts may be inlined (data:).
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "worker-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

export interface ExplorerOptions {
  graphqlPath: string;
  /** headers the explorer starts with */
  headers?: Record<string, string>;
  /** the bundle (default dist/explorer) */
  dir?: string;
}

export class Explorer {
  readonly assetsPath: string;
  private readonly dir: string;
  private readonly files: Set<string>;

  constructor(private readonly options: ExplorerOptions) {
    this.assetsPath = `${options.graphqlPath.replace(/\/+$/, "")}/explorer`;
    this.dir = options.dir ?? buildOutput("explorer");
    this.files = new Set(readIndex(this.dir));
  }

  /** A browser opening the graph's URL: a GET that asks for HTML and carries no operation. */
  wants(req: IncomingMessage, url: URL): boolean {
    return req.method === "GET" && url.pathname === this.options.graphqlPath && !url.searchParams.has("query") && !url.searchParams.has("extensions") && /\btext\/html\b/.test(req.headers.accept ?? "");
  }

  /** Whether the path is one of the explorer's assets (served by `asset`). */
  owns(url: URL): boolean {
    return url.pathname.startsWith(`${this.assetsPath}/`);
  }

  page(res: ServerResponse): void {
    res.setHeader("cache-control", "no-store");
    if (this.files.size === 0) {
      res.statusCode = 503;
      res.setHeader("content-type", "text/plain; charset=utf-8");
      return void res.end(`The explorer is not built: run \`npm run build\` (it bundles GraphiQL into ${this.dir}).\n`);
    }
    const config = { graphqlPath: this.options.graphqlPath, assets: this.assetsPath, headers: this.options.headers ?? {} };
    res.statusCode = 200;
    res.setHeader("content-type", "text/html; charset=utf-8");
    res.setHeader("content-security-policy", CSP);
    res.setHeader("x-content-type-options", "nosniff");
    res.end(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Manufacturing hub · GraphQL explorer</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${this.assetsPath}/explorer.css">
<link rel="stylesheet" href="${this.assetsPath}/page.css">
</head>
<body>
<div id="explorer"></div>
<script id="explorer-config" type="application/json">${scriptSafeJson(config)}</script>
<script src="${this.assetsPath}/explorer.js"></script>
</body>
</html>
`);
  }

  /** One file of the bundle (only those the build listed), gzipped when the browser takes it and the build made one. */
  asset(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const name = url.pathname.slice(this.assetsPath.length + 1);
    if (name === "page.css") return send(res, 200, "text/css; charset=utf-8", "html, body, #explorer { height: 100%; margin: 0; }\n");
    if (!this.files.has(name)) return send(res, 404, "text/plain; charset=utf-8", "not found\n");
    const file = path.join(this.dir, name);
    const gzipped = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? "")) && fs.existsSync(`${file}.gz`);
    res.statusCode = 200;
    res.setHeader("content-type", CONTENT_TYPES[path.extname(name)] ?? "application/octet-stream");
    res.setHeader("cache-control", "no-cache");
    res.setHeader("x-content-type-options", "nosniff");
    res.setHeader("vary", "accept-encoding");
    if (gzipped) res.setHeader("content-encoding", "gzip");
    fs.createReadStream(gzipped ? `${file}.gz` : file).pipe(res);
  }
}

/** The files the build listed (dist/explorer/index.json); none when the explorer is not built. */
function readIndex(dir: string): string[] {
  try {
    const { files } = JSON.parse(fs.readFileSync(path.join(dir, "index.json"), "utf8")) as { files: string[] };
    return files.filter((f) => f !== "index.json" && !f.endsWith(".gz"));
  } catch {
    return [];
  }
}

/** JSON inside a <script> element: `<` escaped so that the text cannot close the element. */
const scriptSafeJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

function send(res: ServerResponse, status: number, contentType: string, body: string) {
  res.statusCode = status;
  res.setHeader("content-type", contentType);
  res.end(body);
}
