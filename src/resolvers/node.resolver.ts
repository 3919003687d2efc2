import type { GraphQLResolveInfo } from "graphql";
import { Arg, Authorized, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from "type-graphql";
import { READ } from "../auth/roles";
import { canSee, scopeOf } from "../auth/warehouse-scope";
import type { RequestContext } from "../context";
import { badInput, DomainError } from "../domain/shared/domain-error";
import { asNode, Node } from "../schema/node";
import { fromNodeId, MAX_NODES, toNodeId, type NodeKind } from "../schema/node-id";
import { toAlarm } from "./alarm.resolver";
import { toDevice } from "./device.resolver";
import { visibleLocation, visibleWarehouse } from "./inventory.resolver";
import { visibleTransfer } from "./stock.resolver";
import { visibleWorkOrder } from "./work-order.resolver";

type Fetch = (ctx: RequestContext, id: number) => Promise<object | null | undefined>;

/** The one row of a listing's page that starts at `id` (listings in id order: `afterId` is exclusive). */
const rowAt = <R extends { id: number | string }>(id: number, page: { rows: readonly R[] }) => page.rows.find((r) => Number(r.id) === id) ?? null;

/** A planned supply of the current plan, looked for in each warehouse the caller may see (the listings name one). */
const currentSupply = (kind: "PLANNED_ORDER" | "PURCHASE_SUGGESTION"): Fetch => async (ctx, id) => {
  const warehouses = (await ctx.services.sites.allWarehouses()).filter((w) => canSee(ctx.principal!, w.code));
  const pages = await Promise.all(warehouses.map((w) => ctx.services.mrp.currentSupplies(kind, { warehouseId: w.id }, id - 1, 1)));
  return pages.map((p) => rowAt(id, p)).find((r) => r) ?? null;
};

/** A lookup by id that throws NOT_FOUND for a missing or out-of-scope object, answering null instead. */
const missingAsNull = <T>(lookup: Promise<T>) => lookup.catch((e) => (e instanceof DomainError && e.code === "NOT_FOUND" ? null : Promise.reject(e)));

/**
 * How each kind is fetched: through the same services and with the same scope rules as the type's own
 * query or listing, so that an object of a warehouse out of scope is null, like a missing one. Kinds
 * without a lookup by id of their own take the one row of their listing that starts at the id.
 */
const FETCH: Record<NodeKind, Fetch> = {
  Material: (ctx, id) => ctx.loaders.material.load(id),
  Warehouse: (ctx, id) => visibleWarehouse(ctx, { id }),
  Location: visibleLocation,
  Lot: async (ctx, id) => {
    const lot = await ctx.loaders.lot.load(id);
    return lot && canSee(ctx.principal!, lot.warehouseCode) ? lot : null;
  },
  Supplier: async (ctx, id) => (await ctx.services.suppliers.list()).find((s) => s.id === id),
  WorkCenter: async (ctx, id) => (await ctx.services.routings.workCenters()).find((w) => w.id === id),
  WorkOrder: (ctx, id) => visibleWorkOrder(ctx, { id }),
  TransferOrder: visibleTransfer,
  PurchaseOrder: async (ctx, id) => rowAt(id, await ctx.services.purchaseOrders.find({ warehouses: scopeOf(ctx.principal!) }, id - 1, 1)),
  MpsLine: async (ctx, id) => rowAt(id, await ctx.services.mps.page({}, scopeOf(ctx.principal!), id - 1, 1)),
  MrpRun: (ctx, id) => missingAsNull(ctx.services.mrp.run(id, scopeOf(ctx.principal!))),
  PlannedOrder: currentSupply("PLANNED_ORDER"),
  PurchaseSuggestion: currentSupply("PURCHASE_SUGGESTION"),
  Exception: (ctx, id) => missingAsNull(ctx.services.exceptions.byId(id, ctx.principal!)),
  Device: async (ctx, id) => {
    const device = (await ctx.services.devices.list({}, scopeOf(ctx.principal!))).find((d) => d.id === id);
    return device && toDevice(device);
  },
  // alarms are listed newest first: the page before id + 1 starts at id
  Alarm: async (ctx, id) => {
    const alarm = rowAt(id, await ctx.services.alarms.page({}, scopeOf(ctx.principal!), id + 1, 1));
    return alarm && toAlarm(alarm);
  },
};

async function fetchNode(ctx: RequestContext, { kind, id }: { kind: NodeKind; id: number }): Promise<object | null> {
  const row = await FETCH[kind](ctx, id);
  return row ? asNode(row, kind) : null;
}

@Resolver(() => Node)
export class NodeResolver {
  @Authorized(...READ)
  @Query(() => Node, { nullable: true, description: "Any object by its nodeId; null when it does not exist or lies outside the caller's warehouses" })
  node(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return fetchNode(ctx, fromNodeId(id, "id"));
  }

  @Authorized(...READ)
  @Query(() => [Node], { nullable: "items", description: `Objects by their nodeIds (at most ${MAX_NODES}), in the order asked; null for each one node(id:) would not return` })
  nodes(@Arg("ids", () => [ID]) ids: string[], @Ctx() ctx: RequestContext) {
    if (ids.length > MAX_NODES) throw badInput(`ids may name at most ${MAX_NODES} objects`, { field: "ids", max: MAX_NODES });
    // a malformed id refuses the whole call before anything is read
    const named = ids.map((id, i) => fromNodeId(id, `ids[${i}]`));
    return Promise.all(named.map((node) => fetchNode(ctx, node)));
  }

  @FieldResolver(() => ID)
  nodeId(@Root() row: { id: number | string; kind?: string }, @Info() info: GraphQLResolveInfo): string {
    const type = info.parentType.name;
    const kind = type === "PlannedSupply" ? (row.kind === "PLANNED_ORDER" ? "PlannedOrder" : "PurchaseSuggestion") : (type as NodeKind);
    return toNodeId(kind, row.id);
  }
}
