import { createClient } from "graphql-ws";
import WebSocket from "ws";

/** The close code the hub answers a WebSocket with, for the given connection_init payload. */
export function wsCloseCode(url: string, connectionParams: Record<string, unknown>): Promise<number> {
  return new Promise((resolve) => {
    createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams,
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => undefined,
      on: { closed: (e) => resolve((e as { code: number }).code) },
    });
  });
}
