/**
 * The GraphQL explorer (development only): GraphiQL served by the hub at the graph's URL to a browser (GET
 * asking for text/html), its bundle under `<graphql path>/explorer/` — built by `npm run build` into
 * dist/explorer (scripts/build-explorer.js), so it needs no network beyond the hub. The page starts with the
 * given headers (the demo credential). A Content-Security-Policy keeps the page to the hub's own origin.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { buildOutput } from "../runtime/build-output";
import { scriptSafeJson, sendPage, sendText, StaticBundle } from "../web/static-bundle";

export interface ExplorerOptions {
  graphqlPath: string;
  /** headers the explorer starts with */
  headers?: Record<string, string>;
  /** the bundle (default dist/explorer) */
  dir?: string;
}

export class Explorer {
  readonly assetsPath: string;
  private readonly bundle: StaticBundle;

  constructor(private readonly options: ExplorerOptions) {
    this.assetsPath = `${options.graphqlPath.replace(/\/+$/, "")}/explorer`;
    this.bundle = new StaticBundle(options.dir ?? buildOutput("explorer"));
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
    if (!this.bundle.built) {
      res.setHeader("cache-control", "no-store");
      return sendText(res, 503, `The explorer is not built: run \`npm run build\` (it bundles GraphiQL into ${this.bundle.dir}).\n`);
    }
    const config = { graphqlPath: this.options.graphqlPath, assets: this.assetsPath, headers: this.options.headers ?? {} };
    sendPage(
      res,
      `<!doctype html>
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
`,
    );
  }

  /** One file of the bundle (only those the build listed), gzipped when the browser takes it and the build made one. */
  asset(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const name = url.pathname.slice(this.assetsPath.length + 1);
    if (name === "page.css") return sendText(res, 200, "html, body, #explorer { height: 100%; margin: 0; }\n", "text/css; charset=utf-8");
    this.bundle.send(req, res, name, "no-cache");
  }
}
