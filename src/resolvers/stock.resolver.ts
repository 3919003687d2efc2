import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { READ, Role, STOCK } from "../auth/roles";
import { assertUnlimited, canSee, scopeOf, visibleOnly } from "../auth/warehouse-scope";
import type { RequestContext } from "../context";
import { notFound } from "../domain/shared/domain-error";
import { idOf, namedIn, optionalRefOf, orderArg, refOf } from "../domain/shared/ref";
import type * as q from "../domain/stock";
import { PageArgs } from "../schema/connection";
import { Location, Lot, StockBalance, Warehouse } from "../schema/inventory.types";
import { Material } from "../schema/material.types";
import {
  AdjustStockInput, CreateTransferInput, GenealogyLink, LotArgs, IssueStockInput, LedgerVerification, LowStockList, MoveStockInput, PostReceiptsInput,
  PostReceiptsResult, ReceiveStockInput,
  ReceiveTransferInput, ShipTransferInput, StockIntegrityReport, StockLedgerEntry, StockLedgerEntryConnection, StockLedgerFilter,
  StockMovementResult, TransferOrder, WarehouseStock,
} from "../schema/stock.types";
import { WorkOrder } from "../schema/work-order.types";
import { pageWindow } from "./page";


const KEY = { nullable: true, description: "retries with the same key return the first result instead of posting again" };

type MovementRoot = q.MovementResult & { replayed: boolean };

@Resolver()
export class StockResolver {
  @Authorized(...STOCK)
  @Mutation(() => StockMovementResult, { description: "Goods receipt; lot-tracked materials need a lot (created when new, with expiry)" })
  receiveStock(@Arg("input") input: ReceiveStockInput, @Arg("idempotencyKey", () => String, KEY) key: string | undefined, @Ctx() ctx: RequestContext) {
    return ctx.services.stock.receive(input, ctx.principal!, key);
  }

  @Authorized(...STOCK)
  @Mutation(() => PostReceiptsResult, { description: "Many goods receipts in one call (an ERP's batch), each as receiveStock would: all or nothing, or each on its own (`atomic`)" })
  postReceipts(@Arg("input") input: PostReceiptsInput, @Arg("idempotencyKey", () => String, KEY) key: string | undefined, @Ctx() ctx: RequestContext) {
    return ctx.services.stock.receiveMany(input, ctx.principal!, key);
  }

  @Authorized(...STOCK)
  @Mutation(() => StockMovementResult, { description: "Issue of free stock (FEFO then FIFO unless a lot is named), or against a work order" })
  issueStock(@Arg("input") input: IssueStockInput, @Arg("idempotencyKey", () => String, KEY) key: string | undefined, @Ctx() ctx: RequestContext) {
    return ctx.services.stock.issue(input, ctx.principal!, key);
  }

  @Authorized(...STOCK)
  @Mutation(() => StockMovementResult, { description: "Move between locations of one warehouse" })
  moveStock(@Arg("input") input: MoveStockInput, @Arg("idempotencyKey", () => String, KEY) key: string | undefined, @Ctx() ctx: RequestContext) {
    return ctx.services.stock.move(input, ctx.principal!, key);
  }

  @Authorized(...STOCK)
  @Mutation(() => StockMovementResult, { description: "Signed correction of a location's stock, with a reason code" })
  adjustStock(@Arg("input") input: AdjustStockInput, @Arg("idempotencyKey", () => String, KEY) key: string | undefined, @Ctx() ctx: RequestContext) {
    return ctx.services.stock.adjust(input, ctx.principal!, key);
  }

  @Authorized(...STOCK)
  @Mutation(() => StockMovementResult, { description: "Scraps stock at a location, with a reason code" })
  scrapStock(@Arg("input") input: AdjustStockInput, @Arg("idempotencyKey", () => String, KEY) key: string | undefined, @Ctx() ctx: RequestContext) {
    return ctx.services.stock.scrap(input, ctx.principal!, key);
  }

  @Authorized(...STOCK, Role.PLANNER)
  @Mutation(() => StockMovementResult, { description: "Creates a transfer order between warehouses (nothing moves yet)" })
  createTransfer(@Arg("input") input: CreateTransferInput, @Arg("idempotencyKey", () => String, KEY) key: string | undefined, @Ctx() ctx: RequestContext) {
    return ctx.services.transfers.create(input, ctx.principal!, key);
  }

  @Authorized(...STOCK)
  @Mutation(() => StockMovementResult, { description: "Ships (part of) a transfer: out of the source, in transit at the destination" })
  shipTransfer(@Arg("input") input: ShipTransferInput, @Arg("idempotencyKey", () => String, KEY) key: string | undefined, @Ctx() ctx: RequestContext) {
    return ctx.services.transfers.ship(input, ctx.principal!, key);
  }

  @Authorized(...STOCK, Role.PLANNER)
  @Mutation(() => StockMovementResult, { description: "Cancels what is not shipped yet; what is on its way is still received" })
  cancelTransfer(
    @Arg("id", () => ID, { nullable: true }) id: string | undefined,
    @Arg("number", () => String, { nullable: true }) number: string | undefined,
    @Arg("idempotencyKey", () => String, KEY) key: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.transfers.cancel(orderArg("TransferOrder", id, number), ctx.principal!, key);
  }

  @Authorized(...STOCK)
  @Mutation(() => StockMovementResult, { description: "Receives (part of) what is in transit" })
  receiveTransfer(@Arg("input") input: ReceiveTransferInput, @Arg("idempotencyKey", () => String, KEY) key: string | undefined, @Ctx() ctx: RequestContext) {
    return ctx.services.transfers.receive(input, ctx.principal!, key);
  }

  @Authorized(...READ)
  @Query(() => StockLedgerEntryConnection, { description: "The stock ledger, newest first, filtered and paginated (Relay)" })
  async stockLedger(
    @Args() page: PageArgs,
    @Arg("filter", () => StockLedgerFilter, { nullable: true }) filter: StockLedgerFilter | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<StockLedgerEntryConnection> {
    const { limit, afterId } = pageWindow(page, ctx, Number.MAX_SAFE_INTEGER); // ledger ids are bigint
    const locationId = filter?.locationId == null ? null : idOf("Location", filter.locationId);
    const result = await ctx.services.stock.ledgerPage({ ...filter, locationId, warehouseCodes: scopeOf(ctx.principal!) }, afterId, limit);
    return StockLedgerEntryConnection.from(result, afterId);
  }

  @Authorized(...READ)
  @Query(() => [WarehouseStock], { description: "On hand, reserved, available, blocked and in transit of a material per warehouse" })
  async stockAvailability(
    @Arg("materialId", () => ID, { nullable: true }) materialId: string | undefined,
    @Arg("materialCode", () => String, { nullable: true }) materialCode: string | undefined,
    @Arg("warehouseId", () => ID, { nullable: true }) warehouseId: string | undefined,
    @Arg("warehouseCode", () => String, { nullable: true }) warehouseCode: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    const material = await ctx.services.materials.named(refOf("Material", "material", { id: materialId, code: materialCode }), { archived: true });
    const rows = visibleOnly(ctx.principal!, (await ctx.services.stock.availabilityOf(material.id)).map((r) => ({ ...r, materialId: material.id })), (r) => r.warehouseCode);
    const warehouse = optionalRefOf("Warehouse", "warehouse", { id: warehouseId, code: warehouseCode });
    if (!warehouse) return rows;
    return rows.filter((r) => ("id" in warehouse ? r.warehouseId === warehouse.id : r.warehouseCode === warehouse.code.toUpperCase()));
  }

  @Authorized(...READ)
  @Query(() => LowStockList, {
    description: "Materials whose usable available stock is below their reorder point now, in a warehouse or (none named) every one you may see; the most short first. Kept live by stockLow (falls below) and stockChanged (a rise may end it)",
  })
  async lowStock(
    @Arg("warehouseId", () => ID, { nullable: true }) warehouseId: string | undefined,
    @Arg("warehouseCode", () => String, { nullable: true }) warehouseCode: string | undefined,
    @Arg("first", () => Int, { defaultValue: 50, description: "1 to 500" }) first: number,
    @Ctx() ctx: RequestContext,
  ) {
    const { rows, totalCount } = await ctx.services.stock.belowReorderPoint(optionalRefOf("Warehouse", "warehouse", { id: warehouseId, code: warehouseCode }), first, ctx.principal!);
    return { totalCount, nodes: rows };
  }

  @Authorized(...READ)
  @Query(() => TransferOrder, { nullable: true })
  async transferOrder(
    @Arg("id", () => ID, { nullable: true }) id: string | undefined,
    @Arg("number", () => String, { nullable: true }) number: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    const ref = orderArg("TransferOrder", id, number);
    const found = "id" in ref ? ref.id : await ctx.services.stock.transferOrderIdByNumber(ref.code);
    return found === null ? null : visibleTransfer(ctx, found);
  }

  @Authorized(...READ)
  @Query(() => [GenealogyLink], { description: "Lots made (directly or further up) from this lot" })
  async traceForward(@Args() lot: LotArgs, @Ctx() ctx: RequestContext) {
    return ctx.services.stock.traceForward(await lotId(ctx, lot), scopeOf(ctx.principal!));
  }

  @Authorized(...READ)
  @Query(() => [GenealogyLink], { description: "Lots that went (directly or further down) into this lot" })
  async traceBackward(@Args() lot: LotArgs, @Ctx() ctx: RequestContext) {
    return ctx.services.stock.traceBackward(await lotId(ctx, lot), scopeOf(ctx.principal!));
  }

  @Authorized(Role.ADMIN)
  @Query(() => StockIntegrityReport, { description: "Re-derives every balance from the ledger and reservations, and each work order's reserved quantities; lists differences" })
  async stockIntegrity(@Ctx() ctx: RequestContext) {
    assertUnlimited(ctx.principal!);
    return ctx.services.stock.integrity();
  }

  @Authorized(Role.ADMIN)
  @Query(() => LedgerVerification, { description: "Recomputes the ledger's hash chain; reports the first broken link" })
  verifyLedger(@Ctx() ctx: RequestContext) {
    assertUnlimited(ctx.principal!);
    return ctx.services.stock.verifyLedger();
  }
}

/** A transfer order by id, if the caller may see it: when either end is in scope (null otherwise, as if missing). */
export async function visibleTransfer(ctx: RequestContext, id: number) {
  const t = await ctx.loaders.transferOrder.load(id);
  if (!t) return null;
  const [from, to] = await Promise.all([ctx.loaders.warehouse.load(t.fromWarehouseId), ctx.loaders.warehouse.load(t.toWarehouseId)]);
  return canSee(ctx.principal!, from?.code) || canSee(ctx.principal!, to?.code) ? t : null;
}

/** The lot a trace starts from; one made by another warehouse's work order looks missing. */
async function lotId(ctx: RequestContext, args: LotArgs): Promise<number> {
  const material = await ctx.services.materials.named(namedIn("Material", args, "material"), { archived: true });
  const lot = (await ctx.loaders.lotsOfMaterial.load(material.id)).find((l) => l.code === args.lotCode.trim());
  if (!lot || !canSee(ctx.principal!, lot.warehouseCode)) throw notFound("Lot", args.lotCode, material.code);
  return lot.id;
}

@Resolver(() => StockMovementResult)
export class StockMovementResultResolver {
  @FieldResolver(() => [StockLedgerEntry])
  async entries(@Root() r: MovementRoot, @Ctx() ctx: RequestContext) {
    return (await ctx.loaders.ledgerEntry.loadMany(r.entryIds)).filter((e) => e && !(e instanceof Error));
  }

  @FieldResolver(() => TransferOrder, { nullable: true })
  transferOrder(@Root() r: MovementRoot, @Ctx() ctx: RequestContext) {
    return r.transferOrderId ? ctx.loaders.transferOrder.load(r.transferOrderId) : null;
  }

  @FieldResolver(() => WorkOrder, { nullable: true, description: "the work order it was issued against" })
  workOrder(@Root() r: MovementRoot, @Ctx() ctx: RequestContext) {
    return r.workOrderId ? ctx.loaders.workOrder.load(r.workOrderId) : null;
  }
}

@Resolver(() => StockLedgerEntry)
export class StockLedgerEntryResolver {
  @FieldResolver(() => Material)
  material(@Root() e: q.LedgerEntryRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.material.load(e.materialId);
  }

  @FieldResolver(() => Warehouse)
  warehouse(@Root() e: q.LedgerEntryRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.warehouse.load(e.warehouseId);
  }

  @FieldResolver(() => Location)
  location(@Root() e: q.LedgerEntryRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.location.load(e.locationId);
  }

  @FieldResolver(() => Lot, { nullable: true })
  lot(@Root() e: q.LedgerEntryRow, @Ctx() ctx: RequestContext) {
    return e.lotId === null ? null : ctx.loaders.lot.load(e.lotId);
  }

  @FieldResolver(() => WorkOrder, { nullable: true })
  workOrder(@Root() e: q.LedgerEntryRow, @Ctx() ctx: RequestContext) {
    return e.workOrderId === null ? null : ctx.loaders.workOrder.load(e.workOrderId);
  }

  @FieldResolver(() => TransferOrder, { nullable: true })
  transferOrder(@Root() e: q.LedgerEntryRow, @Ctx() ctx: RequestContext) {
    return e.transferOrderId === null ? null : ctx.loaders.transferOrder.load(e.transferOrderId);
  }
}

@Resolver(() => WarehouseStock)
export class WarehouseStockResolver {
  @FieldResolver(() => Warehouse)
  warehouse(@Root() s: q.WarehouseAvailabilityRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.warehouse.load(s.warehouseId);
  }

  @FieldResolver(() => [StockBalance], { description: "by location and lot" })
  async balances(@Root() s: q.WarehouseAvailabilityRow & { materialId: number }, @Ctx() ctx: RequestContext) {
    return (await ctx.loaders.balancesOfMaterial.load(s.materialId)).filter((b) => b.warehouseId === s.warehouseId);
  }
}

@Resolver(() => TransferOrder)
export class TransferOrderResolver {
  @FieldResolver(() => Material)
  material(@Root() t: q.TransferOrderRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.material.load(t.materialId);
  }

  @FieldResolver(() => Warehouse)
  fromWarehouse(@Root() t: q.TransferOrderRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.warehouse.load(t.fromWarehouseId);
  }

  @FieldResolver(() => Warehouse)
  toWarehouse(@Root() t: q.TransferOrderRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.warehouse.load(t.toWarehouseId);
  }
}

@Resolver(() => GenealogyLink)
export class GenealogyLinkResolver {
  @FieldResolver(() => Lot)
  lot(@Root() l: q.GenealogyLink, @Ctx() ctx: RequestContext) {
    return ctx.loaders.lot.load(l.lotId);
  }

  @FieldResolver(() => Material)
  async material(@Root() l: q.GenealogyLink, @Ctx() ctx: RequestContext) {
    return ctx.loaders.material.load((await ctx.loaders.lot.load(l.lotId))!.materialId);
  }

  @FieldResolver(() => WorkOrder, { description: "the order linking it one step closer to the traced lot" })
  workOrder(@Root() l: q.GenealogyLink, @Ctx() ctx: RequestContext) {
    return ctx.loaders.workOrder.load(l.workOrderId);
  }
}
