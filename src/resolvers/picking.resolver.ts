import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { READ, Role, STOCK } from "../auth/roles";
import { scopeOf } from "../auth/warehouse-scope";
import type { RequestContext } from "../context";
import type { PickLineRow, PickListRow, PickResult, PutawaySuggestion as SuggestionRow } from "../domain/picking";
import { refOf } from "../domain/shared/ref";
import { PageArgs } from "../schema/connection";
import { Location, Lot, Warehouse } from "../schema/inventory.types";
import { Material } from "../schema/material.types";
import { ConfirmPickInput, CreatePickListInput, PickLine, PickList, PickListConnection, PickListResult, PickListStatus, PutawaySuggestion } from "../schema/picking.types";
import { DecimalScalar } from "../schema/scalars";
import { StockLedgerEntry, TransferOrder } from "../schema/stock.types";
import { WorkOrder } from "../schema/work-order.types";
import { pageWindow } from "./page";

const KEY = { nullable: true, description: "retries with the same key return the first result instead of running again" };
const FLOOR = [...STOCK, Role.PLANNER] as const;
type ListArg = string | undefined;

@Resolver(() => PickList)
export class PickingResolver {
  @Authorized(...READ)
  @Query(() => PickList, { description: "A pick list by id or number, its lines in walking order (another warehouse's is NOT_FOUND)" })
  pickList(@Arg("id", () => ID, { nullable: true }) id: ListArg, @Arg("number", () => String, { nullable: true }) number: ListArg, @Ctx() ctx: RequestContext) {
    return ctx.services.picking.pickList({ id, number }, ctx.principal!);
  }

  @Authorized(...READ)
  @Query(() => PickListConnection, { description: "Pick lists in id order (Relay), of one warehouse or of all the caller's" })
  async pickLists(
    @Args() page: PageArgs,
    @Arg("warehouseId", () => ID, { nullable: true }) warehouseId: string | undefined,
    @Arg("warehouseCode", () => String, { nullable: true }) warehouseCode: string | undefined,
    @Arg("status", () => PickListStatus, { nullable: true }) status: PickListStatus | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<PickListConnection> {
    const { limit, afterId } = pageWindow(page, ctx);
    const warehouse = warehouseId == null && warehouseCode == null ? undefined : refOf("Warehouse", "warehouse", { id: warehouseId, code: warehouseCode });
    const code = await ctx.services.sites.codeToFilter(warehouse, ctx.principal!);
    return PickListConnection.from(await ctx.services.picking.pickLists({ warehouseCode: code, status }, scopeOf(ctx.principal!), afterId, limit), afterId);
  }

  @Authorized(...READ)
  @Query(() => [PutawaySuggestion], { description: "Where to put a receipt away: storage locations with room, nearest first to where the material already is" })
  putawaySuggestions(
    @Arg("materialId", () => ID, { nullable: true }) materialId: string | undefined,
    @Arg("materialCode", () => String, { nullable: true }) materialCode: string | undefined,
    @Arg("warehouseId", () => ID, { nullable: true }) warehouseId: string | undefined,
    @Arg("warehouseCode", () => String, { nullable: true }) warehouseCode: string | undefined,
    @Arg("quantity", () => DecimalScalar) quantity: string,
    @Arg("first", () => Int, { nullable: true, description: "how many (default 5, at most 100)" }) first: number | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.picking.putaway({ materialId, materialCode, warehouseId, warehouseCode, quantity, first }, ctx.principal!);
  }

  @Authorized(...FLOOR)
  @Mutation(() => PickListResult, { description: "A pick list for a work order's open reservations or a transfer's unshipped quantity, in walking order (nearest neighbour + 2-opt over location coordinates)" })
  createPickList(@Arg("input") input: CreatePickListInput, @Arg("idempotencyKey", () => String, KEY) key: string | undefined, @Ctx() ctx: RequestContext) {
    return ctx.services.picking.create(input, ctx.principal!, key);
  }

  @Authorized(...STOCK)
  @Mutation(() => PickListResult, { description: "Confirms a line by scan and issues what was picked; a short pick releases the shortfall's reservation and raises a SHORTAGE exception" })
  confirmPick(@Arg("input") input: ConfirmPickInput, @Arg("idempotencyKey", () => String, KEY) key: string | undefined, @Ctx() ctx: RequestContext) {
    return ctx.services.picking.confirm(input, ctx.principal!, key);
  }

  @Authorized(...FLOOR)
  @Mutation(() => PickListResult, { description: "Ends an open pick list; what is reserved stays reserved" })
  cancelPickList(@Arg("id", () => ID, { nullable: true }) id: ListArg, @Arg("number", () => String, { nullable: true }) number: ListArg, @Arg("idempotencyKey", () => String, KEY) key: string | undefined, @Ctx() ctx: RequestContext) {
    return ctx.services.picking.cancel({ id, number }, ctx.principal!, key);
  }

  @FieldResolver(() => Warehouse)
  warehouse(@Root() l: PickListRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.warehouse.load(l.warehouseId);
  }

  @FieldResolver(() => WorkOrder, { nullable: true })
  workOrder(@Root() l: PickListRow, @Ctx() ctx: RequestContext) {
    return l.workOrderId === null ? null : ctx.loaders.workOrder.load(l.workOrderId);
  }

  @FieldResolver(() => TransferOrder, { nullable: true })
  transferOrder(@Root() l: PickListRow, @Ctx() ctx: RequestContext) {
    return l.transferOrderId === null ? null : ctx.loaders.transferOrder.load(l.transferOrderId);
  }

  @FieldResolver(() => [PickLine], { description: "in walking order" })
  lines(@Root() l: PickListRow, @Ctx() ctx: RequestContext) {
    return ctx.services.picking.lines(l.id);
  }
}

@Resolver(() => PickLine)
export class PickLineResolver {
  @FieldResolver(() => Location)
  location(@Root() l: PickLineRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.location.load(l.locationId);
  }

  @FieldResolver(() => Material)
  material(@Root() l: PickLineRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.material.load(l.materialId);
  }

  @FieldResolver(() => Lot, { nullable: true })
  lot(@Root() l: PickLineRow, @Ctx() ctx: RequestContext) {
    return l.lotId === null ? null : ctx.loaders.lot.load(l.lotId);
  }
}

@Resolver(() => PickListResult)
export class PickListResultResolver {
  @FieldResolver(() => PickList)
  pickList(@Root() r: PickResult, @Ctx() ctx: RequestContext) {
    return ctx.services.picking.pickList({ id: r.pickListId }, ctx.principal!);
  }

  @FieldResolver(() => [StockLedgerEntry], { description: "confirmPick: what was issued or shipped" })
  async entries(@Root() r: PickResult, @Ctx() ctx: RequestContext) {
    return (await ctx.loaders.ledgerEntry.loadMany(r.entryIds)).filter((e) => e && !(e instanceof Error));
  }
}

@Resolver(() => PutawaySuggestion)
export class PutawaySuggestionResolver {
  @FieldResolver(() => Location)
  location(@Root() s: SuggestionRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.location.load(s.locationId);
  }
}
