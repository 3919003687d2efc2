import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { READ, Role, STOCK } from "../auth/roles";
import { canSee, scopeOf, visibleOnly } from "../auth/warehouse-scope";
import type { RequestContext } from "../context";
import { notFound } from "../domain/shared/domain-error";
import { orderArg, type Ref } from "../domain/shared/ref";
import { WRITTEN_ROW } from "../domain/shared/written-row";
import type * as q from "../domain/work-orders";
import { PageArgs } from "../schema/connection";
import { WorkOrderSubstitution } from "../schema/shortage.types";
import { Warehouse } from "../schema/inventory.types";
import { Material } from "../schema/material.types";
import {
  CompleteOperationInput, CreateWorkOrderInput, CreateWorkOrdersInput, CreateWorkOrdersResult, ShortageSuggestion, WorkOrder, WorkOrderConnection, WorkOrderFilter, WorkOrderMaterial,
  WorkOrderOperation, WorkOrderResult,
} from "../schema/work-order.types";
import { pageWindow } from "./page";

const KEY = { nullable: true, description: "retries with the same key return the first result instead of running again" };
const ORDERS = [Role.PLANNER, Role.INTEGRATION] as const;
const FLOOR = [...STOCK, Role.PLANNER] as const;

@Resolver(() => WorkOrder)
export class WorkOrderResolver {
  @Authorized(...ORDERS)
  @Mutation(() => WorkOrderResult, { description: "Creates a work order and reserves all its components at once, or none (status SHORT + a SHORTAGE exception)" })
  createWorkOrder(@Arg("input") input: CreateWorkOrderInput, @Arg("idempotencyKey", () => String, KEY) key: string | undefined, @Ctx() ctx: RequestContext) {
    return ctx.services.workOrders.create(input, ctx.principal!, key);
  }

  @Authorized(...ORDERS)
  @Mutation(() => CreateWorkOrdersResult, { description: "Creates many work orders in one call (an ERP's batch), each as createWorkOrder would: all or nothing, or each on its own (`atomic`)" })
  createWorkOrders(@Arg("input") input: CreateWorkOrdersInput, @Arg("idempotencyKey", () => String, KEY) key: string | undefined, @Ctx() ctx: RequestContext) {
    return ctx.services.workOrders.createMany(input, ctx.principal!, key);
  }

  @Authorized(...ORDERS)
  @Mutation(() => WorkOrderResult, { description: "Tries again to reserve a SHORT order's components (all or nothing)" })
  reserveWorkOrder(@Arg("id", () => ID, { nullable: true }) id: string | undefined, @Arg("number", () => String, { nullable: true }) number: string | undefined, @Arg("idempotencyKey", () => String, KEY) key: string | undefined, @Ctx() ctx: RequestContext) {
    return ctx.services.workOrders.reserve(orderArg("WorkOrder", id, number), ctx.principal!, key);
  }

  @Authorized(...FLOOR)
  @Mutation(() => WorkOrderResult)
  startOperation(@Arg("id", () => ID, { nullable: true }) id: string | undefined, @Arg("number", () => String, { nullable: true }) number: string | undefined, @Arg("sequence", () => Int) sequence: number, @Arg("idempotencyKey", () => String, KEY) key: string | undefined, @Ctx() ctx: RequestContext) {
    return ctx.services.workOrders.startOperation(orderArg("WorkOrder", id, number), sequence, ctx.principal!, key);
  }

  @Authorized(...FLOOR)
  @Mutation(() => WorkOrderResult, { description: "Completes an operation: backflushes its components; the last one receives the finished goods" })
  completeOperation(@Arg("input") input: CompleteOperationInput, @Arg("idempotencyKey", () => String, KEY) key: string | undefined, @Ctx() ctx: RequestContext) {
    return ctx.services.workOrders.completeOperation(input, ctx.principal!, key);
  }

  @Authorized(...ORDERS)
  @Mutation(() => WorkOrderResult, { description: "Closes a completed (or running) order and releases what is still reserved" })
  closeWorkOrder(@Arg("id", () => ID, { nullable: true }) id: string | undefined, @Arg("number", () => String, { nullable: true }) number: string | undefined, @Arg("idempotencyKey", () => String, KEY) key: string | undefined, @Ctx() ctx: RequestContext) {
    return ctx.services.workOrders.close(orderArg("WorkOrder", id, number), ctx.principal!, key);
  }

  @Authorized(...ORDERS)
  @Mutation(() => WorkOrderResult, { description: "Cancels an order and releases what is still reserved" })
  cancelWorkOrder(@Arg("id", () => ID, { nullable: true }) id: string | undefined, @Arg("number", () => String, { nullable: true }) number: string | undefined, @Arg("idempotencyKey", () => String, KEY) key: string | undefined, @Ctx() ctx: RequestContext) {
    return ctx.services.workOrders.cancel(orderArg("WorkOrder", id, number), ctx.principal!, key);
  }

  @Authorized(...READ)
  @Query(() => WorkOrder, { nullable: true })
  async workOrder(@Arg("id", () => ID, { nullable: true }) id: string | undefined, @Arg("number", () => String, { nullable: true }) number: string | undefined, @Ctx() ctx: RequestContext) {
    return visibleWorkOrder(ctx, orderArg("WorkOrder", id, number));
  }

  @Authorized(...READ)
  @Query(() => WorkOrderConnection, { description: "Work orders in id order, filtered and paginated (Relay)" })
  async workOrders(@Args() page: PageArgs, @Arg("filter", () => WorkOrderFilter, { nullable: true }) filter: WorkOrderFilter | undefined, @Ctx() ctx: RequestContext): Promise<WorkOrderConnection> {
    const { limit, afterId } = pageWindow(page, ctx);
    const result = await ctx.services.workOrders.find({ ...filter, warehouses: scopeOf(ctx.principal!) }, afterId, limit);
    return WorkOrderConnection.from(result, afterId);
  }

  @FieldResolver(() => Material)
  material(@Root() w: q.WorkOrderRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.material.load(w.materialId);
  }

  @FieldResolver(() => Warehouse)
  warehouse(@Root() w: q.WorkOrderRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.warehouse.load(w.warehouseId);
  }

  @FieldResolver(() => [WorkOrderOperation])
  operations(@Root() w: q.WorkOrderRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.workOrderOperations.load(w.id);
  }

  @FieldResolver(() => [WorkOrderMaterial], { description: "component requirements; shortQuantity > 0 on a SHORT order's missing ones" })
  materials(@Root() w: q.WorkOrderRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.workOrderMaterials.load(w.id);
  }

  @FieldResolver(() => [WorkOrderSubstitution], { description: "substitutes the shortage policy reserved instead of components, oldest first" })
  substitutions(@Root() w: q.WorkOrderRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.workOrderSubstitutions.load(w.id);
  }

  @FieldResolver(() => [ShortageSuggestion], { description: "ways to cover the open shortage (substitutes, transfers; purchases, expedites under an AUTO policy), if any" })
  async shortageSuggestions(@Root() w: q.WorkOrderRow, @Ctx() ctx: RequestContext) {
    return visibleOnly(ctx.principal!, (await ctx.services.workOrders.openShortageOf(w.id))?.details.suggestions ?? [], (s) => s.warehouseCode);
  }
}

/** A work order by id or number, if the caller may see it (null otherwise, as if missing). */
export async function visibleWorkOrder(ctx: RequestContext, ref: Ref) {
  const wo = await ctx.services.workOrders.byRef(ref);
  return wo && canSee(ctx.principal!, wo.warehouseCode) ? wo : null;
}

@Resolver(() => WorkOrderMaterial)
export class WorkOrderMaterialResolver {
  @FieldResolver(() => Material)
  material(@Root() m: q.WorkOrderMaterialRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.material.load(m.materialId);
  }
}

@Resolver(() => WorkOrderSubstitution)
export class WorkOrderSubstitutionResolver {
  @FieldResolver(() => Material, { description: "the component replaced" })
  component(@Root() r: q.SubstitutionRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.material.load(r.componentId);
  }

  @FieldResolver(() => Material)
  substitute(@Root() r: q.SubstitutionRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.material.load(r.substituteId);
  }
}

@Resolver(() => WorkOrderResult)
export class WorkOrderResultResolver {
  @FieldResolver(() => WorkOrder)
  async workOrder(@Root() r: q.WorkOrderResult, @Ctx() ctx: RequestContext) {
    const wo = r[WRITTEN_ROW] ?? (await ctx.loaders.workOrder.load(r.workOrderId));
    if (!wo) throw notFound("WorkOrder", r.workOrderId);
    return wo;
  }
}
