import { Arg, Args, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { READ } from "../auth/roles";
import type { RequestContext } from "../context";
import { findPurchaseOrders, type PurchaseOrderRow } from "../domain/planning/purchase-order.queries";
import { PageArgs } from "../schema/connection";
import { Warehouse } from "../schema/inventory.types";
import { Material } from "../schema/material.types";
import { PurchaseOrder, PurchaseOrderConnection, PurchaseOrderFilter } from "../schema/purchase-order.types";
import { pageWindow } from "./page";

@Resolver(() => PurchaseOrder)
export class PurchaseOrderResolver {
  @Authorized(...READ)
  @Query(() => PurchaseOrderConnection, { description: "Purchase orders in id order, in the warehouses the caller may see" })
  async purchaseOrders(@Args() page: PageArgs, @Arg("filter", () => PurchaseOrderFilter, { nullable: true }) filter: PurchaseOrderFilter | undefined, @Ctx() ctx: RequestContext) {
    const { limit, afterId } = pageWindow(page, ctx);
    return PurchaseOrderConnection.from(await findPurchaseOrders(ctx.services.db.sql, { ...filter, warehouses: ctx.principal!.warehouses }, afterId, limit), afterId);
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
