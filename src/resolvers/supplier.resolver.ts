import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { MASTER_DATA, READ } from "../auth/roles";
import type { RequestContext } from "../context";
import { Supplier, SupplierInput, SupplierItem, SupplierItemInput, SupplierPrice, SupplierPriceInput } from "../schema/supplier.types";

@Resolver(() => Supplier)
export class SupplierResolver {
  @Authorized(...READ)
  @Query(() => [Supplier], { description: "Suppliers by code" })
  suppliers(@Ctx() ctx: RequestContext) {
    return ctx.services.suppliers.list();
  }

  @Authorized(...MASTER_DATA)
  @Mutation(() => Supplier, { description: "A new supplier (CONFLICT if the code exists)" })
  createSupplier(@Arg("input") input: SupplierInput, @Ctx() ctx: RequestContext) {
    return ctx.services.suppliers.save(input, ctx.principal!, "create");
  }

  @Authorized(...MASTER_DATA)
  @Mutation(() => Supplier)
  updateSupplier(@Arg("input") input: SupplierInput, @Ctx() ctx: RequestContext) {
    return ctx.services.suppliers.save(input, ctx.principal!, "update");
  }

  @Authorized(...MASTER_DATA)
  @Mutation(() => Supplier, { description: "Creates the supplier or changes the one with that code (ERP sync)" })
  syncSupplier(@Arg("input") input: SupplierInput, @Ctx() ctx: RequestContext) {
    return ctx.services.suppliers.save(input, ctx.principal!, "sync");
  }

  @Authorized(...MASTER_DATA)
  @Mutation(() => SupplierItem, { description: "Creates or changes what a supplier delivers of a material and on which terms (ERP sync too)" })
  syncSupplierItem(@Arg("input") input: SupplierItemInput, @Ctx() ctx: RequestContext) {
    return ctx.services.suppliers.saveItem(input, ctx.principal!);
  }

  @Authorized(...MASTER_DATA)
  @Mutation(() => SupplierPrice, { description: "Creates or changes a supplier's price of a material valid from a date (ERP sync too)" })
  syncSupplierPrice(@Arg("input") input: SupplierPriceInput, @Ctx() ctx: RequestContext) {
    return ctx.services.suppliers.savePrice(input, ctx.principal!);
  }
}
