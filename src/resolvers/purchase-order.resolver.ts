import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { READ, Role } from "../auth/roles";
import { scopeOf } from "../auth/warehouse-scope";
import type { RequestContext } from "../context";
import type { PurchaseOrderRow } from "../domain/purchasing";
import { notFound } from "../domain/shared/domain-error";
import { orderArg } from "../domain/shared/ref";
import { PageArgs } from "../schema/connection";
import { Warehouse } from "../schema/inventory.types";
import { Material } from "../schema/material.types";
import {
  PurchaseOrder, PurchaseOrderCommandResult, PurchaseOrderConnection, PurchaseOrderFilter, PurchaseOrderInput, PurchaseRequisitionInput, PurchaseRequisitionResult,
} from "../schema/purchase-order.types";
import { pageWindow } from "./page";

@Resolver(() => PurchaseOrder)
export class PurchaseOrderResolver {
  @Authorized(...READ)
  @Query(() => PurchaseOrderConnection, { description: "Purchase orders in id order, in the warehouses the caller may see" })
  async purchaseOrders(@Args() page: PageArgs, @Arg("filter", () => PurchaseOrderFilter, { nullable: true }) filter: PurchaseOrderFilter | undefined, @Ctx() ctx: RequestContext) {
    const { limit, afterId } = pageWindow(page, ctx);
    return PurchaseOrderConnection.from(await ctx.services.purchaseOrders.find({ ...filter, warehouses: scopeOf(ctx.principal!) }, afterId, limit), afterId);
  }

  @Authorized(Role.INTEGRATION, Role.PLANNER)
  @Mutation(() => PurchaseOrderCommandResult, { description: "Creates or changes a purchase order placed in the ERP (by number), so that MRP counts it" })
  syncPurchaseOrder(@Arg("input") input: PurchaseOrderInput, @Arg("idempotencyKey", () => String, { nullable: true }) key: string | undefined, @Ctx() ctx: RequestContext) {
    return ctx.services.purchaseOrders.sync(input, ctx.principal!, key);
  }

  @Authorized(Role.INTEGRATION, Role.PLANNER)
  @Mutation(() => PurchaseOrderCommandResult, { description: "Nothing more is coming: cancelled, or closed at what was received" })
  cancelPurchaseOrder(
    @Arg("id", () => ID, { nullable: true }) id: string | undefined,
    @Arg("number", () => String, { nullable: true }) number: string | undefined,
    @Arg("idempotencyKey", () => String, { nullable: true }) key: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.purchaseOrders.cancel(orderArg("PurchaseOrder", id, number), ctx.principal!, key);
  }

  @Authorized(Role.PLANNER)
  @Mutation(() => PurchaseRequisitionResult, { description: "Asks the ERP's purchasing for a requisition (sent by the ERP push, see the README's ERP section)" })
  requestPurchaseRequisition(
    @Arg("input") input: PurchaseRequisitionInput,
    @Arg("idempotencyKey", () => String, { nullable: true }) key: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.purchaseOrders.requestRequisition(input, ctx.principal!, key);
  }

  @FieldResolver(() => Material)
  material(@Root() p: PurchaseOrderRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.material.load(p.materialId);
  }

  @FieldResolver(() => Warehouse)
  warehouse(@Root() p: PurchaseOrderRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.warehouse.load(p.warehouseId);
  }
}

@Resolver(() => PurchaseOrderCommandResult)
export class PurchaseOrderCommandResultResolver {
  @FieldResolver(() => PurchaseOrder, { description: "the order as it stands now" })
  async purchaseOrder(@Root() r: PurchaseOrderCommandResult, @Ctx() ctx: RequestContext) {
    const order = await ctx.services.purchaseOrders.byId(Number(r.purchaseOrderId));
    if (!order) throw notFound("PurchaseOrder", r.purchaseOrderId);
    return order;
  }
}
