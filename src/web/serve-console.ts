/**
 * The console (the product's web UI, in every environment): the React app built from console/ by `npm run
 * build` into dist/console (scripts/build-console.js), served under /console. Its hashed assets are cached for
 * good; any other path of the app (a route such as /console/materials) is its page, index.html, which carries the
 * hub's settings for the app as JSON (#console-config): the graph's path, whether to name operations by their
 * hash, the demo credential and the explorer's address (development only). The page served at a route's address
 * also names what that route loads after the entry (the build's routes.json: its chunks and style sheets), so that
 * the browser fetches them beside the entry, not once the entry has run.
 */
import fs from "node:fs";
import path from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { buildOutput } from "../runtime/build-output";
import type { TrustedDocuments, TrustedDocumentsMode } from "../security/trusted-documents";
import { IMMUTABLE, scriptSafeJson, sendPage, sendText, StaticBundle } from "./static-bundle";

export const CONSOLE_PATH = "/console";

export interface ConsoleOptions {
  graphqlPath: string;
  trusted: { mode: TrustedDocumentsMode; documents: TrustedDocuments };
  /** headers the demo sign-in uses (development only) */
  demoHeaders?: Record<string, string>;
  /** the explorer's address, linked from the menu (development only) */
  explorerPath?: string;
  /** the bundle (default dist/console) */
  dir?: string;
  log: Logger;
}

export interface ConsoleConfig {
  graphqlPath: string;
  /** send the registered documents' hashes instead of their text */
  persisted: boolean;
  demoHeaders: Record<string, string> | null;
  explorerPath: string | null;
}

export class ConsoleApp {
  private readonly bundle: StaticBundle;
  private readonly html: string | undefined;
  /** the page for each route whose files the build listed (by the path's first segment) */
  private readonly routePages = new Map<string, string>();

  constructor(options: ConsoleOptions) {
    this.bundle = new StaticBundle(options.dir ?? buildOutput("console"));
    const config: ConsoleConfig = {
      graphqlPath: options.graphqlPath,
      persisted: registered(this.bundle.dir, options, options.log),
      demoHeaders: options.demoHeaders ?? null,
      explorerPath: options.explorerPath ?? null,
    };
    const page = this.bundle.built ? fs.readFileSync(path.join(this.bundle.dir, "index.html"), "utf8") : undefined;
    this.html = page?.replace("</head>", `<script id="console-config" type="application/json">${scriptSafeJson(config)}</script>\n</head>`);
    if (!this.html) return;
    for (const [route, files] of Object.entries(routeFiles(this.bundle))) {
      this.routePages.set(route, this.html.replace("</head>", `${files.map(preloadLink).join("\n")}\n</head>`));
    }
  }

  owns(url: URL): boolean {
    return url.pathname === CONSOLE_PATH || url.pathname.startsWith(`${CONSOLE_PATH}/`);
  }

  serve(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("allow", "GET, HEAD");
      return sendText(res, 405, "method not allowed\n");
    }
    if (!this.html) {
      res.setHeader("cache-control", "no-store");
      return sendText(res, 503, `The console is not built: run \`npm run build\` (it bundles console/ into ${this.bundle.dir}).\n`);
    }
    const name = url.pathname.slice(CONSOLE_PATH.length + 1);
    if (name !== "index.html" && this.bundle.has(name)) return this.bundle.send(req, res, name, name.startsWith("assets/") ? IMMUTABLE : "no-cache");
    // a file that is not in the bundle is missing; any other path is one of the app's routes
    if (name.startsWith("assets/") || /\.[a-z0-9]+$/i.test(name)) return sendText(res, 404, "not found\n");
    sendPage(res, this.routePages.get(name.split("/")[0]!) ?? this.html);
  }
}

/** routes.json (console/vite.config.ts): route → the files it loads after the entry; none from an older build. */
function routeFiles(bundle: StaticBundle): Record<string, string[]> {
  try {
    const routes = JSON.parse(fs.readFileSync(path.join(bundle.dir, "routes.json"), "utf8")) as Record<string, string[]>;
    return Object.fromEntries(Object.entries(routes).map(([route, files]) => [route, files.filter((f) => bundle.has(f))]));
  } catch {
    return {};
  }
}

/**
 * A style sheet is linked as Vite's loader would link it (which then finds it there and does not wait for it
 * again); a script is fetched and compiled ahead (modulepreload), run when the entry imports it.
 */
const preloadLink = (file: string) =>
  file.endsWith(".css") ? `<link rel="stylesheet" crossorigin href="${CONSOLE_PATH}/${file}">` : `<link rel="modulepreload" crossorigin href="${CONSOLE_PATH}/${file}">`;

/**
 * Whether every operation of the console's bundle (its documents.json: name → hash, written by the build) is
 * registered on this hub, so that the console may send hashes alone. Under `only-browser` the console cannot run
 * otherwise: said once at start-up.
 */
function registered(dir: string, { trusted }: ConsoleOptions, log: Logger): boolean {
  if (trusted.mode === "off") return false;
  let hashes: string[];
  try {
    hashes = Object.values(JSON.parse(fs.readFileSync(path.join(dir, "documents.json"), "utf8")) as Record<string, string>);
  } catch {
    return false;
  }
  const missing = hashes.filter((h) => trusted.documents.text(h) === undefined);
  if (missing.length > 0 && trusted.mode === "only-browser") log.warn({ missing: missing.length }, "the console's operations are not all registered trusted documents: run `npm run build`");
  return missing.length === 0;
}
