/**
 * A bundle of static files the hub serves to browsers (the explorer, the console): only the files its build
 * listed in `index.json` (nothing else under the directory, nothing outside it), the gzipped copy when the
 * build made one and the browser takes it. Pages get one Content-Security-Policy keeping them to the hub's
 * own origin: no CDN, no web fonts, no request elsewhere.
 */
import fs from "node:fs";
import path from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ttf": "font/ttf",
  ".woff2": "font/woff2",
};

// Monaco and echarts set styles from script (style-src 'unsafe-inline'); fonts and images may be inlined (data:).
export const PAGE_CSP = [
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

/** Cache-Control of a file whose name carries its content's hash: it never changes. */
export const IMMUTABLE = "public, max-age=31536000, immutable";

export class StaticBundle {
  private readonly files: Set<string>;

  constructor(readonly dir: string) {
    this.files = new Set(readIndex(dir));
  }

  /** Whether the build produced the bundle. */
  get built(): boolean {
    return this.files.size > 0;
  }

  /** Whether `name` (a path relative to the bundle) is one of the files it serves. */
  has(name: string): boolean {
    return this.files.has(name);
  }

  /** One listed file, gzipped when the browser takes it and the build made one; 404 for any other name. */
  send(req: IncomingMessage, res: ServerResponse, name: string, cacheControl: string): void {
    if (!this.files.has(name)) return sendText(res, 404, "not found\n");
    const file = path.join(this.dir, name);
    const gzipped = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? "")) && fs.existsSync(`${file}.gz`);
    res.statusCode = 200;
    res.setHeader("content-type", CONTENT_TYPES[path.extname(name)] ?? "application/octet-stream");
    res.setHeader("cache-control", cacheControl);
    res.setHeader("x-content-type-options", "nosniff");
    res.setHeader("vary", "accept-encoding");
    if (gzipped) res.setHeader("content-encoding", "gzip");
    if (req.method === "HEAD") return void res.end();
    fs.createReadStream(gzipped ? `${file}.gz` : file).pipe(res);
  }
}

/** Sends an HTML page under the pages' policy; never cached (it carries the hub's settings). */
export function sendPage(res: ServerResponse, html: string): void {
  res.statusCode = 200;
  res.setHeader("content-type", "text/html; charset=utf-8");
  res.setHeader("cache-control", "no-store");
  res.setHeader("content-security-policy", PAGE_CSP);
  res.setHeader("x-content-type-options", "nosniff");
  res.end(html);
}

export function sendText(res: ServerResponse, status: number, body: string, contentType = "text/plain; charset=utf-8"): void {
  res.statusCode = status;
  res.setHeader("content-type", contentType);
  res.end(body);
}

/** JSON inside a <script> element: `<` escaped so that the text cannot close the element. */
export const scriptSafeJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

/** The files the build listed (`index.json`, paths relative to the bundle, without the gzipped copies); none when not built. */
function readIndex(dir: string): string[] {
  try {
    const { files } = JSON.parse(fs.readFileSync(path.join(dir, "index.json"), "utf8")) as { files: string[] };
    return files.filter((f) => f !== "index.json" && !f.endsWith(".gz"));
  } catch {
    return [];
  }
}
