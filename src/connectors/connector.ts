import { Role } from "../auth/roles";
import type { Principal } from "../auth/principal";
import { metrics } from "../runtime/metrics";

export type ConnectorState = "STARTING" | "UP" | "DEGRADED" | "DOWN" | "STOPPED";

export interface ConnectorHealth {
  name: string;
  state: ConnectorState;
  /** where it connects to, without credentials */
  target: string;
  lastSuccessAt: Date | null;
  lastFailureAt: Date | null;
  lastError: string | null;
  /** messages handled since the process started */
  succeeded: number;
  failed: number;
  deadLettered: number;
}

/**
 * A link to an external system (ERP over HTTP, devices over MQTT): it maps the system's messages to
 * domain commands and back. The graph shows each one's health; what it could not deliver after its
 * retries is kept as a dead letter that an administrator can replay.
 */
export interface Connector {
  readonly name: string;
  readonly status: ConnectorStatus;
  start(): Promise<void>;
  /** stops taking new work and waits for the work in hand */
  stop(): Promise<void>;
  /** handles a dead letter's payload again, once; throws when it fails again */
  replay(payload: unknown): Promise<void>;
}

/** The identity a connector acts as in ledgers and audit logs: `connector:<name>`, role INTEGRATION, all warehouses. */
export const connectorPrincipal = (name: string): Principal => ({
  id: `connector:${name}`,
  kind: "apiKey",
  roles: new Set([Role.INTEGRATION]),
  warehouses: null,
});

/**
 * The running record behind a connector's health: state, last outcome and counters. Listeners hear of each
 * change of state and of each failure (the health a page shows then); a success in a steady state is no news.
 */
export class ConnectorStatus {
  private readonly listeners = new Set<(health: ConnectorHealth) => void>();
  private state!: ConnectorState;
  private lastSuccessAt: Date | null = null;
  private lastFailureAt: Date | null = null;
  private lastError: string | null = null;
  private succeeded = 0;
  private failed = 0;
  private deadLettered = 0;

  constructor(
    readonly name: string,
    private readonly target: string,
  ) {
    this.set("STARTING");
  }

  /** the link itself: UP when connected, DOWN when the other side cannot be reached */
  set(state: ConnectorState) {
    if (this.setState(state)) this.changed();
  }

  /** Calls `listener` with the health after each change until the returned function is called. */
  watch(listener: (health: ConnectorHealth) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  succeededOnce() {
    this.succeeded++;
    this.lastSuccessAt = new Date();
    if (this.state === "DEGRADED") this.set("UP");
  }

  /** A message failed (after its retries): counted, and the link shows DEGRADED while it is otherwise up. */
  failedOnce(error: unknown, deadLettered: boolean) {
    this.failed++;
    if (deadLettered) this.deadLettered++;
    this.lastFailureAt = new Date();
    this.lastError = error instanceof Error ? error.message : String(error);
    if (this.state === "UP") this.setState("DEGRADED");
    metrics.connectorFailures.inc({ connector: this.name });
    this.changed();
  }

  /** Whether the state changed. */
  private setState(state: ConnectorState): boolean {
    const changed = state !== this.state;
    this.state = state;
    metrics.connectorUp.set({ connector: this.name }, state === "UP" || state === "DEGRADED" ? 1 : 0);
    return changed;
  }

  private changed() {
    const health = this.health();
    for (const listener of this.listeners) listener(health);
  }

  health(): ConnectorHealth {
    return {
      name: this.name,
      state: this.state,
      target: this.target,
      lastSuccessAt: this.lastSuccessAt,
      lastFailureAt: this.lastFailureAt,
      lastError: this.lastError,
      succeeded: this.succeeded,
      failed: this.failed,
      deadLettered: this.deadLettered,
    };
  }
}
