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
  jsonReads: new Counter({
    name: "hub_graphql_json_reads_total",
    help: "Operations whose one root field is materials, by what answered: sql (JSON built by PostgreSQL) or resolvers (a selection, caller or argument the SQL leaves to them)",
    labelNames: ["answered"] as const,
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
  subscriptionsOpen: new Gauge({
    name: "hub_subscriptions_open",
    help: "graphql-ws subscriptions running",
    registers: [registry],
  }),
  subscriptionGroups: new Gauge({
    name: "hub_subscription_groups",
    help: "Groups of live subscriptions sharing document, variables and authorization: each executes once per event",
    registers: [registry],
  }),
  subscriptionExecutions: new Counter({
    name: "hub_subscription_executions_total",
    help: "Events executed for a group of live subscriptions, by topic",
    labelNames: ["topic"] as const,
    registers: [registry],
  }),
  subscriptionDeliveries: new Counter({
    name: "hub_subscription_deliveries_total",
    help: "Messages sent to live subscriptions from their group's execution, by topic",
    labelNames: ["topic"] as const,
    registers: [registry],
  }),
  mrpRunSeconds: new Histogram({
    name: "hub_mrp_run_duration_seconds",
    help: "Duration of MRP runs",
    buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
    registers: [registry],
  }),
};

/** The business gauges (src/domain/kpis sets them after each refresh): current values per warehouse, over the last 30 days. */
const KPI_GAUGES = {
  inventory_value: "Stock on hand at standard cost",
  turnover: "Consumption value over the last 30 days / average inventory value over them",
  days_of_supply: "Inventory value / average daily consumption value of the last 30 days",
  stockouts: "Material-days out of stock with demand, in the last 30 days",
  count_accuracy: "Share of count lines within tolerance, of sessions approved in the last 30 days",
  exception_acknowledge_hours: "Mean hours from raised to acknowledged, of exceptions acknowledged in the last 30 days",
  exception_resolve_hours: "Mean hours from raised to resolved, of exceptions resolved in the last 30 days",
  suggestion_to_order_days: "Mean days from MRP suggestion to purchase order, of orders placed in the last 30 days",
  purchase_cycle_days: "Mean days from suggestion (or order) to receipt, of orders received in the last 30 days",
  supplier_on_time: "Share of purchase orders received by their due day, in the last 30 days",
  schedule_adherence: "Share of work orders completed by their due day, in the last 30 days",
} as const;
export type KpiGauge = keyof typeof KPI_GAUGES;
export const kpiGauges = Object.fromEntries(
  Object.entries(KPI_GAUGES).map(([name, help]) => [name, new Gauge({ name: `hub_kpi_${name}`, help, labelNames: ["warehouse"] as const, registers: [registry] })]),
) as Record<KpiGauge, Gauge<"warehouse">>;

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
