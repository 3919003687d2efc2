import { Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { PLANNING, READ } from "../auth/roles";
import { scopeOf } from "../auth/warehouse-scope";
import type { RequestContext } from "../context";
import type { CapacityOrder, PromiseView, WorkCenterLoadView } from "../domain/planning";
import {
  CapacityCheckResult, CapacityLoadArgs, CapacityLoadOrder, CapacityOrderKind, DeliveryPromise, PromiseArgs, WorkCenterLoad,
} from "../schema/capacity.types";
import { Material } from "../schema/material.types";

const orderView = ({ order, hours, date }: { order: CapacityOrder; hours: number; date: Date }): CapacityLoadOrder => ({
  kind: order.kind as CapacityOrderKind,
  plannedOrderId: order.kind === "PLANNED_ORDER" ? order.id : null,
  workOrderId: order.kind === "WORK_ORDER" ? order.id : null,
  workOrderNumber: order.number,
  materialId: order.materialId,
  warehouseId: order.warehouseId,
  warehouseCode: order.warehouseCode,
  quantity: order.quantity,
  hours,
  date,
});

@Resolver()
export class CapacityResolver {
  @Authorized(...READ)
  @Query(() => [WorkCenterLoad], { description: "Rough-cut capacity: load of the current plans' planned orders and the open work orders per work center and bucket, against its available hours" })
  async capacityLoad(@Args() args: CapacityLoadArgs, @Ctx() ctx: RequestContext): Promise<WorkCenterLoad[]> {
    const loads: WorkCenterLoadView[] = await ctx.services.capacity.load(args, scopeOf(ctx.principal!));
    return loads.map((l) => ({ workCenter: l.workCenter, buckets: l.buckets.map((b) => ({ ...b, orders: b.orders.map(orderView) })) }));
  }

  @Authorized(...PLANNING)
  @Mutation(() => CapacityCheckResult, { description: "Raises CAPACITY exceptions for overloaded work center weeks and resolves relieved ones (also after every MRP run)" })
  checkCapacity(@Ctx() ctx: RequestContext) {
    return ctx.services.capacity.check(ctx.principal!);
  }

  @Authorized(...READ)
  @Query(() => DeliveryPromise, { description: "Available / capable to promise: the earliest date the quantity can be delivered from the warehouse, and what limits it" })
  promise(@Args() args: PromiseArgs, @Ctx() ctx: RequestContext): Promise<PromiseView> {
    return ctx.services.promises.promise(args, ctx.principal!);
  }
}

@Resolver(() => CapacityLoadOrder)
export class CapacityLoadOrderResolver {
  @FieldResolver(() => Material)
  material(@Root() o: CapacityLoadOrder, @Ctx() ctx: RequestContext) {
    return ctx.loaders.material.load(o.materialId);
  }
}

@Resolver(() => DeliveryPromise)
export class DeliveryPromiseResolver {
  @FieldResolver(() => Material)
  material(@Root() p: PromiseView, @Ctx() ctx: RequestContext) {
    return ctx.loaders.material.load(p.materialId);
  }
}
