/**
 * The architecture, kept by a test that reads the source tree (no database):
 * - no import cycles in src/;
 * - resolvers reach the domain only through `ctx.services` (they import schema types, auth, the context,
 *   their own helpers, the shared kernel `src/domain/shared/` and type-only public faces of areas);
 * - every table has one owning area, and only that area's store files (`*.store.ts`, `*.queries.ts`)
 *   name it in SQL or reach it through a Prisma delegate;
 * - one way to a transaction: commands open theirs through `runCommand`; `prisma.$transaction` is used in
 *   src/db/ only, and `inTransaction` is imported by src/db/, runCommand and background jobs that are not commands.
 * The ALLOWED_* lists hold what broke these rules when the test was written. They may only SHRINK: an entry
 * that no longer breaks a rule fails the test until it is removed, and a new break is never added here.
 */
import { importCycles, importsOf, read, schemaTables, sourceFiles, tablesTouched } from "./source-tree";

/** Who owns each table: the area's directory → its tables. */
const OWNERS: Record<string, string[]> = {
  "src/domain/units": ["unit_of_measure"],
  "src/domain/materials": ["material", "material_unit"],
  "src/domain/bom": ["bom", "bom_line", "substitute"],
  "src/domain/sites": ["warehouse", "location"],
  "src/domain/suppliers": ["supplier", "supplier_item", "supplier_price"],
  "src/domain/costs": ["material_cost"],
  "src/domain/routings": ["work_center", "routing_operation"],
  "src/domain/stock": ["stock_ledger_entry", "stock_balance", "reservation", "lot", "transfer_order", "location_block"],
  "src/domain/work-orders": ["work_order", "work_order_operation", "work_order_material", "work_order_substitution"],
  "src/domain/shortages": ["shortage_policy", "transit_lane"],
  "src/domain/planning": ["mps_line", "mrp_run", "planned_order", "purchase_suggestion", "planned_transfer"],
  "src/domain/purchasing": ["purchase_order"],
  "src/domain/exceptions": ["exception", "exception_action", "exception_link", "equipment_failure"],
  "src/domain/forecasting": ["forecast_run", "forecast", "forecast_accuracy", "forecast_override"],
  "src/domain/counting": ["count_session", "count_location", "count_line", "count_read", "epc_mapping", "gtin_mapping"],
  "src/domain/picking": ["pick_list", "pick_line"],
  "src/domain/devices": ["device", "sensor_threshold", "sensor_reading", "device_message_minute", "reading_announcement"],
  "src/domain/alerts": ["alarm"],
  "src/domain/inventory-policy": ["classification_settings", "inventory_policy", "inventory_policy_run", "inventory_policy_change"],
  "src/domain/idempotency": ["idempotency_key"],
  "src/domain/security": ["api_key", "audit_log"],
  "src/domain/imports": ["import_run", "opening_stock_posting"],
  "src/domain/kpis": ["kpi_value"],
  "src/domain/rules": ["rule", "rule_version", "rule_firing", "exception_aging_mark"],
  "src/events": ["event", "event_cursor"],
  "src/connectors": ["dead_letter"],
  "src/domain/webhooks": ["webhook", "webhook_delivery"],
};

/** Import cycles found when the test was written (each as its sorted files). Only shrinks. */
const ALLOWED_CYCLES: string[][] = [];

/** Imports that run up the layers (see LAYERS), per file. Only shrinks. */
const ALLOWED_UPWARD: Record<string, string[]> = {};

/** Resolver imports that bypass the services, per resolver. Only shrinks. */
const ALLOWED_RESOLVER_IMPORTS: Record<string, string[]> = {
};

/** Tables touched outside their owner's store files, per file. Only shrinks. */
const ALLOWED_TABLE_USE: Record<string, string[]> = {
};

/** Files outside src/db/ that open a Prisma interactive transaction (to become runCommand). Only shrinks. */
const ALLOWED_PRISMA_TRANSACTION: string[] = [
];

/**
 * Importers of `inTransaction` besides src/db/ and runCommand (src/domain/idempotency/command.ts). Background
 * jobs that are not commands belong here (the outbox publisher, the bus's catch-up after a Redis drop, MRP
 * runs persisting their plan in chunks, forecast runs writing theirs, import batches); services whose commands still open their own
 * transaction are to move to runCommand. Only shrinks.
 */
const ALLOWED_IN_TRANSACTION: string[] = [
  "src/domain/forecasting/forecast-run.service.ts",
  "src/domain/imports/import.service.ts",
  "src/domain/planning/mrp-run.service.ts",
  // a background job, not a command: net-change planning reads a warehouse's input in one snapshot and writes re-planned materials
  "src/domain/planning/net-change.service.ts",
  "src/domain/planning/warehouses-run.ts",
  "src/events/event-bus.ts",
  "src/events/outbox-publisher.ts",
];

const files = sourceFiles();
const isStore = (file: string) => /\.(store|queries)\.ts$/.test(file);
const ownerOf = (table: string) => Object.keys(OWNERS).find((dir) => OWNERS[dir].includes(table));

test("every table of prisma/schema.prisma has exactly one owning area", () => {
  const tables = [...schemaTables().keys()];
  expect(tables.length).toBeGreaterThan(30);
  const owned = Object.values(OWNERS).flat();
  expect(tables.filter((t) => !owned.includes(t))).toEqual([]);
  expect(owned.filter((t) => !tables.includes(t))).toEqual([]);
  expect(owned.filter((t, i) => owned.indexOf(t) !== i)).toEqual([]);
});

test("src/ has no import cycles beyond the shrinking allow-list", () => {
  const found = importCycles(files).map((c) => c.join(" ↔ ")).sort();
  expect(found).toEqual(ALLOWED_CYCLES.map((c) => [...c].sort().join(" ↔ ")).sort());
});

/**
 * The layers, lowest first; a file may import its own layer and those below. `src/runtime/` is the ground
 * floor (config, logging, metrics, the request deadline); `src/services.ts` composes the areas. The request
 * edge, resolvers and the server (`src/security/`, `src/schema/`, `src/server.ts`…) sit above all of these.
 */
const LAYERS: RegExp[] = [
  /^src\/runtime\//,
  /^src\/(generated|db)\/|^src\/domain\/shared\//,
  /^src\/(auth|domain|events)\/|^src\/services\.ts$/,
  /^src\/(connectors|loaders)\//,
];
const layerOf = (file: string) => {
  const i = LAYERS.findIndex((l) => l.test(file));
  return i < 0 ? LAYERS.length : i;
};

test("nothing imports up the layers (beyond the shrinking allow-list)", () => {
  const found: Record<string, string[]> = {};
  for (const file of files) {
    const up = importsOf(file).filter((i) => layerOf(i.target) > layerOf(file)).map((i) => i.target);
    if (up.length) found[file] = [...new Set(up)].sort();
  }
  expect(found).toEqual(ALLOWED_UPWARD);
});

const resolverMayImport = (target: string, typeOnly: boolean) =>
  /^src\/(resolvers|schema|auth)\//.test(target) ||
  ["src/context.ts", "src/services.ts"].includes(target) ||
  target.startsWith("src/domain/shared/") ||
  (typeOnly && /^src\/(domain\/[^/]+|events)\/index\.ts$/.test(target));

test("resolvers import services, schema, auth and their own helpers only (beyond the shrinking allow-list)", () => {
  const found: Record<string, string[]> = {};
  for (const file of files.filter((f) => f.startsWith("src/resolvers/"))) {
    const bad = importsOf(file).filter((i) => !resolverMayImport(i.target, i.typeOnly)).map((i) => i.target);
    if (bad.length) found[file] = [...new Set(bad)].sort();
  }
  expect(found).toEqual(ALLOWED_RESOLVER_IMPORTS);
});

test("a table is named in SQL (or reached through Prisma) only by its owner's store files (beyond the shrinking allow-list)", () => {
  const tables = schemaTables();
  const found: Record<string, string[]> = {};
  for (const file of files) {
    const foreign = tablesTouched(file, tables).filter((t) => !(isStore(file) && file.startsWith(`${ownerOf(t)}/`)));
    if (foreign.length) found[file] = foreign;
  }
  expect(found).toEqual(ALLOWED_TABLE_USE);
});

test("prisma.$transaction is used in src/db/ only (beyond the shrinking allow-list)", () => {
  const found = files.filter((f) => !f.startsWith("src/db/") && /\.\$transaction\b/.test(read(f)));
  expect(found.sort()).toEqual([...ALLOWED_PRISMA_TRANSACTION].sort());
});

test("inTransaction (or inTransactionOpenedWith) is imported by src/db/, runCommand and background jobs only (beyond the shrinking allow-list)", () => {
  const opensOwn = (f: string) =>
    importsOf(f).some((i) => i.target === "src/db/transaction.ts" && (i.names.includes("inTransaction") || i.names.includes("inTransactionOpenedWith")));
  const found = files.filter((f) => !f.startsWith("src/db/") && f !== "src/domain/idempotency/command.ts" && opensOwn(f));
  expect(found.sort()).toEqual([...ALLOWED_IN_TRANSACTION].sort());
});

test("the allow-lists are documented as shrinking", () => {
  expect(read("docs/architecture.md")).toMatch(/allow-list[^.]*only shrink/i);
});
