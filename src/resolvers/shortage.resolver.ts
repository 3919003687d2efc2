import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { PLANNING, QUALITY, READ } from "../auth/roles";
import { canSee } from "../auth/warehouse-scope";
import type { RequestContext } from "../context";
import type { LotQcAction, LotQcResult as LotQcOutcome } from "../domain/stock";
import type { LaneRow, PolicyRow } from "../domain/shortages";
import { Lot, Warehouse } from "../schema/inventory.types";
import { Material } from "../schema/material.types";
import { LotQcInput, LotQcResult, ShortagePolicy, ShortagePolicyInput, TransitLane, TransitLaneInput } from "../schema/shortage.types";
import { WorkOrder } from "../schema/work-order.types";

const KEY = { nullable: true, description: "retries with the same key return the first result instead of running again" };
const ref = { nullable: true } as const;

@Resolver(() => ShortagePolicy)
export class ShortagePolicyResolver {
  @Authorized(...READ)
  @Query(() => [ShortagePolicy], { description: "The configured shortage policies: global, per warehouse (yours), per material" })
  shortagePolicies(@Ctx() ctx: RequestContext) {
    return ctx.services.shortagePolicies.policies(ctx.principal!);
  }

  @Authorized(...PLANNING)
  @Mutation(() => ShortagePolicy, { description: "Creates or replaces the shortage policy of a material and/or warehouse (neither: global)" })
  setShortagePolicy(@Arg("input") input: ShortagePolicyInput, @Arg("idempotencyKey", () => String, KEY) key: string | undefined, @Ctx() ctx: RequestContext) {
    return ctx.services.shortagePolicies.setPolicy(input, ctx.principal!, key);
  }

  @Authorized(...PLANNING)
  @Mutation(() => Boolean, { description: "Deletes the shortage policy of a material and/or warehouse (neither: the global one)" })
  async deleteShortagePolicy(
    @Arg("materialId", () => ID, ref) materialId: string | undefined,
    @Arg("materialCode", () => String, ref) materialCode: string | undefined,
    @Arg("warehouseId", () => ID, ref) warehouseId: string | undefined,
    @Arg("warehouseCode", () => String, ref) warehouseCode: string | undefined,
    @Arg("idempotencyKey", () => String, KEY) key: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return (await ctx.services.shortagePolicies.deletePolicy({ materialId, materialCode, warehouseId, warehouseCode }, ctx.principal!, key)).deleted;
  }

  @FieldResolver(() => Material, { nullable: true, description: "null: every material" })
  material(@Root() p: PolicyRow, @Ctx() ctx: RequestContext) {
    return p.materialId === null ? null : ctx.loaders.material.load(p.materialId);
  }

  @FieldResolver(() => Warehouse, { nullable: true, description: "null: every warehouse" })
  warehouse(@Root() p: PolicyRow, @Ctx() ctx: RequestContext) {
    return p.warehouseId === null ? null : ctx.loaders.warehouse.load(p.warehouseId);
  }

  @FieldResolver(() => [String], { description: "warehouse codes transfers may come from, first tried first (those you may see)" })
  async transferSources(@Root() p: PolicyRow, @Ctx() ctx: RequestContext) {
    const warehouses = await ctx.loaders.warehouse.loadMany(p.transferSourceIds);
    return warehouses.flatMap((w) => (w && !(w instanceof Error) && canSee(ctx.principal!, w.code) ? [w.code] : []));
  }
}

@Resolver(() => TransitLane)
export class TransitLaneResolver {
  @Authorized(...READ)
  @Query(() => [TransitLane], { description: "Transit days between warehouses (both yours)" })
  transitLanes(@Ctx() ctx: RequestContext) {
    return ctx.services.shortagePolicies.lanes(ctx.principal!);
  }

  @Authorized(...PLANNING)
  @Mutation(() => TransitLane, { description: "Sets how many days goods take from one warehouse to another" })
  setTransitLane(@Arg("input") input: TransitLaneInput, @Arg("idempotencyKey", () => String, KEY) key: string | undefined, @Ctx() ctx: RequestContext) {
    return ctx.services.shortagePolicies.setLane(input, ctx.principal!, key);
  }

  @Authorized(...PLANNING)
  @Mutation(() => Boolean)
  async deleteTransitLane(
    @Arg("fromWarehouseId", () => ID, ref) fromWarehouseId: string | undefined,
    @Arg("fromWarehouseCode", () => String, ref) fromWarehouseCode: string | undefined,
    @Arg("toWarehouseId", () => ID, ref) toWarehouseId: string | undefined,
    @Arg("toWarehouseCode", () => String, ref) toWarehouseCode: string | undefined,
    @Arg("idempotencyKey", () => String, KEY) key: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return (await ctx.services.shortagePolicies.deleteLane({ fromWarehouseId, fromWarehouseCode, toWarehouseId, toWarehouseCode }, ctx.principal!, key)).deleted;
  }

  @FieldResolver(() => Warehouse)
  fromWarehouse(@Root() l: LaneRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.warehouse.load(l.fromWarehouseId);
  }

  @FieldResolver(() => Warehouse)
  toWarehouse(@Root() l: LaneRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.warehouse.load(l.toWarehouseId);
  }
}

type QcRoot = LotQcOutcome & { replayed: boolean };

@Resolver(() => LotQcResult)
export class LotQcResolver {
  @Authorized(...QUALITY)
  @Mutation(() => LotQcResult, { description: "Holds a RELEASED lot in QUARANTINE: it may no longer be reserved or issued; work orders holding it follow their shortage policy" })
  holdLot(@Arg("input") input: LotQcInput, @Arg("idempotencyKey", () => String, KEY) key: string | undefined, @Ctx() ctx: RequestContext) {
    return qc(ctx, "HOLD", input, key);
  }

  @Authorized(...QUALITY)
  @Mutation(() => LotQcResult, { description: "Releases a quarantined lot: usable again" })
  releaseLot(@Arg("input") input: LotQcInput, @Arg("idempotencyKey", () => String, KEY) key: string | undefined, @Ctx() ctx: RequestContext) {
    return qc(ctx, "RELEASE", input, key);
  }

  @Authorized(...QUALITY)
  @Mutation(() => LotQcResult, { description: "Rejects a lot for good: as holdLot, and a QUALITY exception in each warehouse concerned" })
  rejectLot(@Arg("input") input: LotQcInput, @Arg("idempotencyKey", () => String, KEY) key: string | undefined, @Ctx() ctx: RequestContext) {
    return qc(ctx, "REJECT", input, key);
  }

  @FieldResolver(() => Lot)
  lot(@Root() r: QcRoot, @Ctx() ctx: RequestContext) {
    return ctx.loaders.lot.load(r.lotId);
  }

  @FieldResolver(() => [WorkOrder], { description: "the orders whose reservations on the lot were released" })
  async workOrders(@Root() r: QcRoot, @Ctx() ctx: RequestContext) {
    const orders = await ctx.loaders.workOrder.loadMany(r.workOrderIds);
    return orders.filter((o) => o && !(o instanceof Error) && canSee(ctx.principal!, o.warehouseCode));
  }
}

async function qc(ctx: RequestContext, action: LotQcAction, input: LotQcInput, key: string | undefined) {
  const r = await ctx.services.lots.change(action, input, ctx.principal!, key);
  return { ...r, qualityExceptionIds: r.exceptionIds };
}
