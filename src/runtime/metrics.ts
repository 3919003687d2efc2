/**
 * Prometheus metrics, served at /metrics. One registry per process; modules import `metrics` and
 * observe what they own (the outbox publisher sets `outboxLagSeconds`, connectors count
 * `connectorFailures` and set `connectorUp`, the MRP service times `mrpRunSeconds`). Labels stay bounded: label values come
 * from the schema, error codes or `operationLabel`, never straight from a request.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: "hub_" });

export const metrics = {
  requestSeconds: new Histogram({
    name: "hub_graphql_request_duration_seconds",
    help: "GraphQL operations by operation name and transport, including refused ones",
    labelNames: ["operation", "transport"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  }),
  errors: new Counter({
    name: "hub_graphql_errors_total",
    help: "Errors returned to clients by code (extensions.code)",
    labelNames: ["code"] as const,
    registers: [registry],
  }),
  outboxLagSeconds: new Gauge({
    name: "hub_outbox_lag_seconds",
    help: "Age of the oldest event in the outbox not yet published",
    registers: [registry],
  }),
  connectorFailures: new Counter({
    name: "hub_connector_failures_total",
    help: "Failed calls to or from external systems, by connector",
    labelNames: ["connector"] as const,
    registers: [registry],
  }),
  connectorUp: new Gauge({
    name: "hub_connector_up",
    help: "1 while a connector reaches its system (UP or DEGRADED), 0 when it is DOWN, starting or stopped",
    labelNames: ["connector"] as const,
    registers: [registry],
  }),
  mrpRunSeconds: new Histogram({
    name: "hub_mrp_run_duration_seconds",
    help: "Duration of MRP runs",
    buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
    registers: [registry],
  }),
};

const MAX_OPERATION_LABELS = 100;
const operationLabels = new Set<string>();

/**
 * Operation names are chosen by clients; the first MAX_OPERATION_LABELS distinct well-formed names
 * become labels and later ones count as "other", so a client cannot grow the registry without bound.
 */
export function operationLabel(name: string | null | undefined): string {
  if (!name) return "anonymous";
  if (operationLabels.has(name)) return name;
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name) || operationLabels.size >= MAX_OPERATION_LABELS) return "other";
  operationLabels.add(name);
  return name;
}
