import "reflect-metadata";
import { assertValidSchema, GraphQLSchema, type GraphQLInterfaceType } from "graphql";
import { buildSchemaSync, getMetadataStorage, type AuthChecker } from "type-graphql";
import { hasAnyRole } from "../auth/principal";
import type { Role } from "../auth/roles";
import type { RequestContext } from "../context";
import { DomainError } from "../domain/shared/domain-error";
// loaded first: type-graphql lists fields in load order, and the printed contract (schema.graphql) starts with materials
import { BomLineResolver, MaterialResolver } from "../resolvers/material.resolver";
import { BomHeaderResolver, BomResolver, ComponentRequirementResolver, ExplosionNodeResolver, WhereUsedEntryResolver } from "../resolvers/bom.resolver";
import { LocationResolver, StockBalanceResolver, WarehouseResolver } from "../resolvers/inventory.resolver";
import { AlarmResolver } from "../resolvers/alarm.resolver";
import { ConnectorResolver } from "../resolvers/connector.resolver";
import { DeviceResolver } from "../resolvers/device.resolver";
import { ErpResolver } from "../resolvers/erp.resolver";
import { EventsResolver } from "../resolvers/events.resolver";
import { ExceptionResolver } from "../resolvers/exception.resolver";
import { ImportResolver } from "../resolvers/import.resolver";
import { MpsLineResolver, PlannedSupplyResolver, PlanningResolver, SupplyPreviewResolver } from "../resolvers/planning.resolver";
import { MrpRunGroupResolver, PlannedTransferResolver } from "../resolvers/planned-transfer.resolver";
import { PurchaseOrderCommandResultResolver, PurchaseOrderResolver } from "../resolvers/purchase-order.resolver";
import { SecurityResolver } from "../resolvers/security.resolver";
import { ScanResolver } from "../resolvers/scan.resolver";
import {
  GenealogyLinkResolver, StockLedgerEntryResolver, StockMovementResultResolver, StockResolver, TransferOrderResolver, WarehouseStockResolver,
} from "../resolvers/stock.resolver";
import { MasterDataResolver } from "../resolvers/master-data.resolver";
import { SupplierResolver } from "../resolvers/supplier.resolver";
import { SiteResolver } from "../resolvers/site.resolver";
import { UnitResolver } from "../resolvers/unit.resolver";
import { WorkOrderMaterialResolver, WorkOrderResolver, WorkOrderResultResolver, WorkOrderSubstitutionResolver } from "../resolvers/work-order.resolver";
import { LotQcResolver, ShortagePolicyResolver, TransitLaneResolver } from "../resolvers/shortage.resolver";
import {
  CountDueLocationResolver, CountingResolver, CountLineResolver, CountSessionResultResolver, EpcMappingResolver, GtinMappingResolver, RfidReadsResultResolver,
} from "../resolvers/counting.resolver";
import { PickingResolver, PickLineResolver, PickListResultResolver, PutawaySuggestionResolver } from "../resolvers/picking.resolver";
import { NodeResolver } from "../resolvers/node.resolver";
import { CapacityLoadOrderResolver, CapacityResolver, DeliveryPromiseResolver } from "../resolvers/capacity.resolver";
import { ForecastResolver } from "../resolvers/forecast.resolver";
import { InventoryPolicyChangeResolver, InventoryPolicyResolver } from "../resolvers/inventory-policy.resolver";
import { KpiResolver } from "../resolvers/kpi.resolver";
import { WebhookResolver } from "../resolvers/webhook.resolver";
import { RuleResolver } from "../resolvers/rule.resolver";
import { resolveNodeType } from "./node";

export const resolvers = [
  CapacityResolver,
  CapacityLoadOrderResolver,
  DeliveryPromiseResolver,
  MaterialResolver,
  ForecastResolver,
  BomLineResolver,
  BomResolver,
  BomHeaderResolver,
  ExplosionNodeResolver,
  ComponentRequirementResolver,
  WhereUsedEntryResolver,
  WarehouseResolver,
  LocationResolver,
  StockBalanceResolver,
  SecurityResolver,
  StockResolver,
  StockMovementResultResolver,
  StockLedgerEntryResolver,
  WarehouseStockResolver,
  TransferOrderResolver,
  GenealogyLinkResolver,
  ScanResolver,
  WorkOrderResolver,
  WorkOrderMaterialResolver,
  WorkOrderResultResolver,
  WorkOrderSubstitutionResolver,
  ShortagePolicyResolver,
  TransitLaneResolver,
  LotQcResolver,
  EventsResolver,
  ExceptionResolver,
  ImportResolver,
  PlanningResolver,
  PlannedSupplyResolver,
  SupplyPreviewResolver,
  PlannedTransferResolver,
  MrpRunGroupResolver,
  MpsLineResolver,
  ConnectorResolver,
  ErpResolver,
  DeviceResolver,
  AlarmResolver,
  PurchaseOrderResolver,
  PurchaseOrderCommandResultResolver,
  UnitResolver,
  SiteResolver,
  SupplierResolver,
  MasterDataResolver,
  CountingResolver,
  CountLineResolver,
  CountSessionResultResolver,
  RfidReadsResultResolver,
  CountDueLocationResolver,
  EpcMappingResolver,
  GtinMappingResolver,
  PickingResolver,
  KpiResolver,
  RuleResolver,
  PickLineResolver,
  PickListResultResolver,
  PutawaySuggestionResolver,
  InventoryPolicyResolver,
  InventoryPolicyChangeResolver,
  NodeResolver,
  WebhookResolver,
] as const;

const authChecker: AuthChecker<RequestContext, Role> = ({ context }, roles) => {
  if (!context.principal) throw new DomainError("UNAUTHENTICATED", "authentication required: send a bearer token or an API key");
  if (!hasAnyRole(context.principal, roles)) throw new DomainError("FORBIDDEN", `this needs one of the roles ${roles.join(", ")}`);
  return true;
};

/**
 * Default deny: every query, mutation and subscription must declare who may use it. An operation
 * without @Authorized stops the boot (and the schema test) instead of silently being public.
 */
export function assertEveryOperationAuthorized(): void {
  const storage = getMetadataStorage();
  const authorized = new Set(storage.authorizedFields.map((a) => `${a.target.name}.${a.fieldName}`));
  const open = [...storage.queries, ...storage.mutations, ...storage.subscriptions]
    .map((r) => `${r.target.name}.${r.methodName}`)
    .filter((name) => !authorized.has(name));
  if (open.length > 0) throw new Error(`operations without @Authorized (default deny): ${open.join(", ")}`);
}

/**
 * type-graphql insists on a PubSub once any subscription exists, although every subscription here
 * brings its own `subscribe` (outbox events that a client can resume from). Topic-based subscriptions
 * would bypass the outbox, so this one refuses to be used.
 */
const outboxOnly = {
  publish(): never {
    throw new Error("publish through the outbox (src/events/outbox.ts), not type-graphql's PubSub");
  },
  subscribe(): never {
    throw new Error("subscriptions read the outbox: use @Subscription({ subscribe }) with eventStream");
  },
};

export function buildHubSchema(): GraphQLSchema {
  const schema = buildSchemaSync({
    pubSub: outboxOnly,
    resolvers: resolvers as unknown as [Function, ...Function[]],
    authChecker,
    authMode: "error",
    scalarsMap: [],
    validate: false,
    emitSchemaFile: false,
    // its check runs the whole introspection query over the schema (a tenth of a start's server phase);
    // assertValidSchema below rejects an invalid schema as well, and graphql-js keeps its verdict for later
    skipCheck: true,
  });
  assertEveryOperationAuthorized();
  (schema.getType("Node") as GraphQLInterfaceType).resolveType = resolveNodeType;
  const hub = typesFromTheRoots(schema);
  assertValidSchema(hub);
  return hub;
}

/**
 * type-graphql lists the types implementing an interface (Node) before the root types, which would reorder
 * the printed contract (schema.graphql): collect the types from Query, Mutation and Subscription again.
 */
function typesFromTheRoots(schema: GraphQLSchema): GraphQLSchema {
  const config = schema.toConfig();
  const fromRoots = new GraphQLSchema({ ...config, types: [] });
  const unreachable = config.types.filter((t) => !fromRoots.getType(t.name));
  return unreachable.length ? new GraphQLSchema({ ...config, types: unreachable }) : fromRoots;
}

