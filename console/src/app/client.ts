/**
 * The console's GraphQL client (urql): queries and mutations over HTTP, subscriptions over graphql-ws, both at
 * the hub's graph path and with the signed-in credential. When the hub has the console's operations registered
 * (config.persisted) each goes by its hash alone (trusted documents, src/security/trusted-documents.ts), so the
 * console also works where browsers may run registered documents only.
 */
import { cacheExchange, Client, fetchExchange, makeOperation, mapExchange, subscriptionExchange, type Operation } from "urql";
import { getOperationName } from "@urql/core";
import { createClient as createWsClient, type Client as WsClient } from "graphql-ws";
import hashes from "virtual:trusted-documents";
import { config } from "../config";
import { httpHeaders, type Credential } from "./credential";

/** graphql-ws close code: the credential was refused, expired or revoked (src/server.ts). */
const FORBIDDEN_CLOSE = 4403;

function byHash(operation: Operation): Operation {
  const name = getOperationName(operation.query);
  const hash = name ? hashes[name] : undefined;
  if (!hash) return operation;
  return makeOperation(operation.kind, { ...operation, extensions: { ...operation.extensions, persistedQuery: { version: 1, sha256Hash: hash } } }, operation.context);
}

export interface ConsoleClient {
  client: Client;
  dispose(): void;
}

/** `onRefused`: the hub refused the credential on the socket (it expired or was revoked). */
export function createConsoleClient(credential: Credential, onRefused: () => void): ConsoleClient {
  const url = new URL(config.graphqlPath, window.location.href);
  const wsUrl = new URL(url);
  wsUrl.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  const ws: WsClient = createWsClient({
    url: wsUrl.href,
    connectionParams: { ...credential },
    retryAttempts: Infinity,
    shouldRetry: (e) => !(e instanceof CloseEvent && e.code === FORBIDDEN_CLOSE),
    on: { closed: (e) => void (e instanceof CloseEvent && e.code === FORBIDDEN_CLOSE && onRefused()) },
  });
  const client = new Client({
    url: url.href,
    // POST with a JSON body: the hub's CSRF prevention refuses a GET that carries no operation header
    preferGetMethod: false,
    fetchOptions: () => ({ headers: httpHeaders(credential) }),
    exchanges: [
      ...(config.persisted ? [mapExchange({ onOperation: byHash })] : []),
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({
            unsubscribe: ws.subscribe({ query: request.query ?? "", operationName: request.operationName, variables: request.variables, extensions: request.extensions }, sink),
          }),
        }),
      }),
    ],
  });
  return { client, dispose: () => void ws.dispose() };
}
