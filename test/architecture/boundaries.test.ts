/**
 * The architecture, kept by a test that reads the source tree (no database):
 * - no import cycles in src/;
 * - resolvers reach the domain only through `ctx.services` (they import schema types, auth, the context,
 *   their own helpers, the shared kernel `src/domain/shared/` and type-only public faces of areas);
 * - every table has one owning area, and only that area's store files (`*.store.ts`, `*.queries.ts`)
 *   name it in SQL or reach it through a Prisma delegate.
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
  "src/domain/work-orders": ["work_order", "work_order_operation", "work_order_material"],
  "src/domain/planning": ["mps_line", "mrp_run", "planned_order", "purchase_suggestion"],
  "src/domain/purchasing": ["purchase_order"],
  "src/domain/exceptions": ["exception"],
  "src/domain/counting": ["count_session", "count_location", "count_line", "count_read", "epc_mapping", "gtin_mapping"],
  "src/domain/picking": ["pick_list", "pick_line"],
  "src/domain/devices": ["device", "sensor_threshold", "sensor_reading"],
  "src/domain/alerts": ["alarm"],
  "src/domain/idempotency": ["idempotency_key"],
  "src/domain/security": ["api_key", "audit_log"],
  "src/domain/imports": ["import_run", "opening_stock_posting"],
  "src/events": ["event"],
  "src/connectors": ["dead_letter", "connector_cursor"],
};

/** Import cycles found when the test was written (each as its sorted files). Only shrinks. */
const ALLOWED_CYCLES: string[][] = [
  ["src/domain/imports/import.types.ts", "src/domain/imports/row-reader.ts"],
];

/** Imports that run up the layers (see LAYERS), per file. Only shrinks. */
const ALLOWED_UPWARD: Record<string, string[]> = {
  "src/domain/shared/order-page.ts": ["src/auth/warehouse-scope.ts"],
};

/** Resolver imports that bypass the services, per resolver. Only shrinks. */
const ALLOWED_RESOLVER_IMPORTS: Record<string, string[]> = {
  "src/resolvers/alarm.resolver.ts": ["src/domain/alerts/alarm.service.ts"],
  "src/resolvers/device.resolver.ts": ["src/domain/devices/device.service.ts"],
  "src/resolvers/erp.resolver.ts": ["src/connectors/erp/erp-connector.ts"],
  "src/resolvers/events.resolver.ts": ["src/events/topics.ts"],
  "src/resolvers/import.resolver.ts": ["src/events/topics.ts"],
  "src/resolvers/inventory.resolver.ts": ["src/domain/stock/inventory.queries.ts"],
  "src/resolvers/material.resolver.ts": ["src/domain/materials/material.queries.ts", "src/loaders/look-ahead.ts"],
  "src/resolvers/planning.resolver.ts": ["src/domain/planning/persist-plan.ts", "src/domain/planning/plan.queries.ts"],
  "src/resolvers/purchase-order.resolver.ts": ["src/domain/purchasing/purchase-order.queries.ts"],
  "src/resolvers/row-shapes.ts": ["src/domain/bom/bom.queries.ts", "src/domain/materials/material.queries.ts", "src/domain/stock/inventory.queries.ts", "src/loaders/look-ahead.ts"],
  "src/resolvers/stock.resolver.ts": ["src/domain/stock/genealogy.queries.ts", "src/domain/stock/stock.queries.ts", "src/domain/stock/stock.service.ts"],
  "src/resolvers/work-order.resolver.ts": ["src/domain/work-orders/work-order.queries.ts", "src/domain/work-orders/work-order.service.ts"],
};

/** Tables touched outside their owner's store files, per file. Only shrinks. */
const ALLOWED_TABLE_USE: Record<string, string[]> = {
  "src/connectors/dead-letters.ts": ["dead_letter"],
  "src/connectors/erp/outbox-cursor.ts": ["connector_cursor", "event"],
  "src/demo/seed-demo.ts": ["material"],
  "src/domain/alerts/alarm-rules.ts": ["alarm", "sensor_threshold"],
  "src/domain/alerts/alarm.service.ts": ["alarm"],
  "src/domain/bom/bom.queries.ts": ["material"],
  "src/domain/bom/bom-graph.store.ts": ["material"],
  "src/domain/bom/bom.store.ts": ["material"],
  "src/domain/devices/device.service.ts": ["device", "location", "sensor_reading", "sensor_threshold", "warehouse"],
  "src/domain/exceptions/exception.service.ts": ["exception"],
  "src/domain/housekeeping/retention.ts": ["event", "sensor_reading"],
  "src/domain/idempotency/idempotency.ts": ["idempotency_key"],
  "src/domain/imports/import.service.ts": ["import_run"],
  "src/domain/imports/kinds/materials.ts": ["unit_of_measure"],
  "src/domain/imports/kinds/opening-stock.ts": ["location", "opening_stock_posting", "unit_of_measure", "warehouse"],
  "src/domain/materials/material.bulk.ts": ["audit_log", "material"],
  "src/domain/materials/material.queries.ts": ["unit_of_measure"],
  "src/domain/materials/material.service.ts": ["bom_line", "material", "unit_of_measure"],
  "src/domain/materials/material.store.ts": ["unit_of_measure"],
  "src/domain/planning/load-planning-input.ts": ["bom", "bom_line", "material", "mps_line", "purchase_order", "transfer_order", "unit_of_measure", "work_order"],
  "src/domain/planning/mps.service.ts": ["mps_line", "warehouse"],
  "src/domain/planning/mrp-run.service.ts": ["exception", "mrp_run", "warehouse"],
  "src/domain/planning/persist-plan.ts": ["exception", "purchase_suggestion"],
  "src/domain/planning/release.service.ts": ["material", "mrp_run", "planned_order", "purchase_order", "purchase_suggestion", "warehouse", "work_order"],
  "src/domain/planning/plan-export.queries.ts": ["material", "warehouse"],
  "src/domain/purchasing/purchase-order-lock.ts": ["purchase_order", "warehouse"],
  "src/domain/purchasing/purchase-order-receipt.ts": ["purchase_order"],
  "src/domain/purchasing/purchase-order.queries.ts": ["warehouse"],
  "src/domain/purchasing/purchase-order.service.ts": ["purchase_order"],
  "src/domain/security/api-key.service.ts": ["api_key", "warehouse"],
  "src/domain/security/audit.ts": ["audit_log"],
  "src/domain/shared/order-page.ts": ["material"],
  "src/domain/sites/sites.store.ts": ["device"],
  "src/domain/stock/balances.ts": ["stock_balance"],
  "src/domain/stock/genealogy.queries.ts": ["warehouse", "work_order"],
  "src/domain/stock/inventory.queries.ts": ["location", "warehouse", "work_order"],
  "src/domain/stock/ledger-verify.ts": ["stock_ledger_entry"],
  "src/domain/stock/ledger-writer.ts": ["stock_ledger_entry"],
  "src/domain/stock/low-stock.ts": ["material", "warehouse"],
  "src/domain/stock/stock-facts.ts": ["location", "material", "reservation", "stock_balance", "stock_ledger_entry"],
  "src/domain/stock/stock-refs.ts": ["location", "lot", "material", "unit_of_measure", "warehouse"],
  "src/domain/stock/stock.queries.ts": ["warehouse", "work_order_material"],
  "src/domain/stock/transfer.service.ts": ["material", "transfer_order", "warehouse"],
  "src/domain/stock/usable-stock.ts": ["location", "lot"],
  "src/domain/work-orders/consumption.ts": ["lot", "reservation", "stock_balance", "work_order_material"],
  "src/domain/work-orders/reservation.ts": ["reservation", "stock_balance", "work_order_material"],
  "src/domain/work-orders/shortage.ts": ["material", "substitute", "warehouse"],
  "src/domain/work-orders/work-order-lock.ts": ["material", "warehouse", "work_order"],
  "src/domain/work-orders/work-order.queries.ts": ["exception", "warehouse"],
  "src/domain/work-orders/work-order.service.ts": ["bom", "bom_line", "material", "unit_of_measure", "work_order", "work_order_material", "work_order_operation"],
  "src/events/event-bus.ts": ["event"],
  "src/events/event-scope.ts": ["mrp_run", "warehouse"],
  "src/events/event-stream.ts": ["event"],
  "src/events/outbox-publisher.ts": ["event"],
  "src/events/outbox.ts": ["event"],
};

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

test("the allow-lists are documented as shrinking", () => {
  expect(read("docs/architecture.md")).toMatch(/allow-list[^.]*only shrink/i);
});
