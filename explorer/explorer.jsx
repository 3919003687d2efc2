/**
 * The hub's GraphQL explorer (development only): GraphiQL, bundled by scripts/build-explorer.js into
 * dist/explorer/ and served by the hub itself (src/explorer/serve-explorer.ts), so that it works without any
 * network beyond the hub. The page the hub serves carries its settings as JSON (#explorer-config): the graph's
 * path, where the bundle lives, and the headers to start with (the demo credential).
 */
import "graphiql/style.css";
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { GraphiQL } from "graphiql";
import { createRoot } from "react-dom/client";
import { workersFrom } from "./workers";

const config = JSON.parse(document.getElementById("explorer-config").textContent);
workersFrom(config.assets);

const here = new URL(config.graphqlPath, window.location.href);
const socket = new URL(here);
socket.protocol = here.protocol === "https:" ? "wss:" : "ws:";

// Subscriptions travel over graphql-ws, which has no HTTP headers: GraphiQL sends the headers editor's
// contents as the connection's parameters instead, where the hub reads Authorization or X-Api-Key.
const fetcher = createGraphiQLFetcher({ url: here.href, subscriptionUrl: socket.href, enableIncrementalDelivery: false });

const initialQuery = `# The hub's graph: materials, stock, work orders, MRP, devices. Run it with Ctrl-Enter.
query Plant {
  warehouses { code name locations { code kind } }
  materials(first: 5) { totalCount nodes { nodeId code name } }
}
`;

createRoot(document.getElementById("explorer")).render(
  <GraphiQL
    fetcher={fetcher}
    initialHeaders={JSON.stringify(config.headers ?? {}, null, 2)}
    defaultQuery={initialQuery}
    defaultEditorToolsVisibility={Object.keys(config.headers ?? {}).length > 0 ? "headers" : false}
  />,
);
