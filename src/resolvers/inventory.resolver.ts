import { Arg, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { READ } from "../auth/roles";
import { canSee, visibleOnly } from "../auth/warehouse-scope";
import type { RequestContext } from "../context";
import { codeArg, type Ref } from "../domain/shared/ref";
import type { LocationRow } from "../domain/sites";
import type { BalanceRow } from "../domain/stock";
import { Location, Lot, StockBalance, Warehouse } from "../schema/inventory.types";
import { Material } from "../schema/material.types";


@Resolver(() => Warehouse)
export class WarehouseResolver {
  @Authorized(...READ)
  @Query(() => [Warehouse], { description: "Plants and stores (those the caller may see)" })
  async warehouses(@Ctx() ctx: RequestContext) {
    return visibleOnly(ctx.principal!, await ctx.services.sites.allWarehouses(), (w) => w.code);
  }

  @Authorized(...READ)
  @Query(() => Warehouse, { nullable: true })
  async warehouse(
    @Arg("id", () => ID, { nullable: true }) id: string | undefined,
    @Arg("code", () => String, { nullable: true }) code: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return visibleWarehouse(ctx, codeArg("Warehouse", id, code));
  }

  @FieldResolver(() => [Location])
  locations(@Root() w: Warehouse, @Ctx() ctx: RequestContext) {
    // a warehouse out of scope is seen only as the other end of a transfer: its code and name, not its layout
    return canSee(ctx.principal!, w.code) ? ctx.loaders.locationsOfWarehouse.load(w.id) : [];
  }
}

/** A warehouse by id or code, if the caller may see it (null otherwise, as if missing). */
export async function visibleWarehouse(ctx: RequestContext, ref: Ref) {
  const found = (await ctx.services.sites.allWarehouses()).find((w) => ("id" in ref ? w.id === ref.id : w.code === ref.code.toUpperCase()));
  return found && canSee(ctx.principal!, found.code) ? found : null;
}

/** A location by id, if the caller may see its warehouse (null otherwise, as if missing). */
export async function visibleLocation(ctx: RequestContext, id: number) {
  const location = await ctx.loaders.location.load(id);
  const warehouse = location && (await ctx.loaders.warehouse.load(location.warehouseId));
  return location && warehouse && canSee(ctx.principal!, warehouse.code) ? location : null;
}

@Resolver(() => Location)
export class LocationResolver {
  @FieldResolver(() => [StockBalance], { description: "Non-empty balances at this location" })
  async balances(@Root() l: LocationRow, @Ctx() ctx: RequestContext) {
    return visibleOnly(ctx.principal!, await ctx.loaders.balancesAtLocation.load(l.id), (b) => b.warehouseCode);
  }

  @FieldResolver(() => Warehouse)
  warehouse(@Root() l: LocationRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.warehouse.load(l.warehouseId);
  }
}

@Resolver(() => StockBalance)
export class StockBalanceResolver {
  @FieldResolver(() => Material)
  material(@Root() b: BalanceRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.material.load(b.materialId);
  }

  @FieldResolver(() => Location)
  location(@Root() b: BalanceRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.location.load(b.locationId);
  }

  @FieldResolver(() => Lot, { nullable: true })
  lot(@Root() b: BalanceRow, @Ctx() ctx: RequestContext) {
    return b.lotId === null ? null : ctx.loaders.lot.load(b.lotId);
  }
}
