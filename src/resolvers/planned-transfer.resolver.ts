import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Query, Mutation, Resolver, Root } from "type-graphql";
import { PLANNING, READ } from "../auth/roles";
import { scopeOf } from "../auth/warehouse-scope";
import type { RequestContext } from "../context";
import type { MrpRunRow, PlannedTransferRow, TransferFilter } from "../domain/planning";
import { idOf, optionalRefOf, refOf } from "../domain/shared/ref";
import { Connection, PageArgs } from "../schema/connection";
import { Warehouse } from "../schema/inventory.types";
import { Material } from "../schema/material.types";
import { MrpRun, Peg, PlanFilterArgs, PlannedTransfer, ReleasedTransferOrder } from "../schema/planning.types";
import { TransferOrder } from "../schema/stock.types";
import { pageWindow } from "./page";
import { pegView } from "./planning.resolver";

const PlannedTransferConnection = Connection(PlannedTransfer);
type PlannedTransferConnection = InstanceType<typeof PlannedTransferConnection>;

async function transfers(ctx: RequestContext, filter: TransferFilter, page: PageArgs): Promise<PlannedTransferConnection> {
  const { limit, afterId } = pageWindow(page, ctx);
  return PlannedTransferConnection.from(await ctx.services.mrp.plannedTransfers(filter, scopeOf(ctx.principal!), afterId, limit), afterId);
}

@Resolver(() => PlannedTransfer)
export class PlannedTransferResolver {
  @Authorized(...READ)
  @Query(() => PlannedTransferConnection, { description: "Planned transfers of the current plans into or out of a warehouse (multi-warehouse runs), by id" })
  async plannedTransfers(@Args() page: PageArgs, @Args() f: PlanFilterArgs, @Ctx() ctx: RequestContext): Promise<PlannedTransferConnection> {
    const warehouse = await ctx.services.sites.warehouseNamed(refOf("Warehouse", "warehouse", { id: f.warehouseId, code: f.warehouseCode }), ctx.principal!);
    const material = optionalRefOf("Material", "material", { id: f.materialId, code: f.materialCode });
    const materialId = material && (await ctx.services.materials.named(material)).id;
    return transfers(ctx, { warehouseId: warehouse.id, materialId }, page);
  }

  @Authorized(...PLANNING)
  @Mutation(() => ReleasedTransferOrder, { description: "Turns a planned transfer of the current plan into a transfer order (needs both warehouses)" })
  releasePlannedTransfer(@Arg("id", () => ID) id: string, @Arg("idempotencyKey", () => String, { nullable: true }) key: string | undefined, @Ctx() ctx: RequestContext) {
    return ctx.services.releases.releasePlannedTransfer(idOf("PlannedTransfer", id), ctx.principal!, key);
  }

  @FieldResolver(() => [Peg], { description: "the destination's demands it serves; they add up to its quantity" })
  pegs(@Root() t: PlannedTransferRow) {
    return t.pegs.map(pegView);
  }

  @FieldResolver(() => Material)
  material(@Root() t: PlannedTransferRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.material.load(t.materialId);
  }

  @FieldResolver(() => Warehouse)
  fromWarehouse(@Root() t: PlannedTransferRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.warehouse.load(t.fromWarehouseId);
  }

  @FieldResolver(() => Warehouse)
  toWarehouse(@Root() t: PlannedTransferRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.warehouse.load(t.toWarehouseId);
  }

  @FieldResolver(() => TransferOrder, { nullable: true })
  transferOrder(@Root() t: PlannedTransferRow, @Ctx() ctx: RequestContext) {
    return t.transferOrderId === null ? null : ctx.loaders.transferOrder.load(t.transferOrderId);
  }
}

@Resolver(() => MrpRun)
export class MrpRunGroupResolver {
  @FieldResolver(() => PlannedTransferConnection, { description: "Transfers this run planned into or out of its warehouse (multi-warehouse runs)" })
  plannedTransfers(@Root() run: MrpRunRow, @Args() page: PageArgs, @Ctx() ctx: RequestContext) {
    return transfers(ctx, { runId: run.id }, page);
  }

  @FieldResolver(() => [MrpRun], { description: "The runs planned together with this one (itself included), by id; empty for a run of one warehouse" })
  groupRuns(@Root() run: MrpRunRow, @Ctx() ctx: RequestContext) {
    return run.groupId === null ? [] : ctx.services.mrp.groupRuns(run.groupId, scopeOf(ctx.principal!));
  }
}
