/**
 * WebSocket sessions end with their credential: at its expiry (a timer per socket, cleared when the socket
 * closes) and when its API key is revoked (the `apiKey.revoked` event, which the event bus brings to every
 * instance). Either way the socket is closed with 4403, like a bad credential in `connection_init`.
 * The same event tells `revoked` (the API keys' check cache), so that no instance accepts the key again.
 */
import type { WebSocket } from "ws";
import type { Principal } from "../auth/principal";
import type { EventBus } from "../events/event-bus";
import type { Topics } from "../events/topics";

export const CREDENTIAL_CLOSE_CODE = 4403;
/** setTimeout fires at once for longer delays (about 24.8 days): a longer wait is taken in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class CredentialSessions {
  private readonly byApiKey = new Map<number, Set<WebSocket>>();
  private readonly stopFollowing = new AbortController();
  private readonly following: Promise<void>;

  constructor(bus: EventBus, private readonly revoked: (apiKeyId: number) => void) {
    this.following = this.follow(bus);
  }

  /** Watches an authenticated socket until it closes. */
  watch(socket: WebSocket, principal: Principal) {
    let timer: NodeJS.Timeout | undefined;
    const { expiresAt, apiKeyId } = principal;
    if (expiresAt) {
      const check = () => {
        const left = expiresAt.getTime() - Date.now();
        if (left <= 0) socket.close(CREDENTIAL_CLOSE_CODE, "credential expired");
        else timer = setTimeout(check, Math.min(left, MAX_TIMER_MS)).unref();
      };
      check();
    }
    if (apiKeyId !== undefined) {
      const sockets = this.byApiKey.get(apiKeyId) ?? new Set();
      this.byApiKey.set(apiKeyId, sockets.add(socket));
    }
    socket.once("close", () => {
      clearTimeout(timer);
      if (apiKeyId === undefined) return;
      const sockets = this.byApiKey.get(apiKeyId);
      sockets?.delete(socket);
      if (sockets?.size === 0) this.byApiKey.delete(apiKeyId);
    });
  }

  async stop() {
    this.stopFollowing.abort();
    await this.following;
  }

  private async follow(bus: EventBus) {
    for await (const event of bus.listen("apiKey.revoked", this.stopFollowing.signal)) {
      const { apiKeyId } = event.payload as Topics["apiKey.revoked"];
      this.revoked(apiKeyId);
      for (const socket of this.byApiKey.get(apiKeyId) ?? []) socket.close(CREDENTIAL_CLOSE_CODE, "API key revoked");
    }
  }
}
