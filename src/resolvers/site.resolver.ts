import { Arg, Authorized, Ctx, Mutation, Resolver } from "type-graphql";
import { MASTER_DATA } from "../auth/roles";
import type { RequestContext } from "../context";
import { Location, LocationInput, Warehouse, WarehouseInput } from "../schema/inventory.types";

@Resolver()
export class SiteResolver {
  @Authorized(...MASTER_DATA)
  @Mutation(() => Warehouse, { description: "A new warehouse (CONFLICT if the code exists)" })
  createWarehouse(@Arg("input") input: WarehouseInput, @Ctx() ctx: RequestContext) {
    return ctx.services.sites.saveWarehouse(input, ctx.principal!, "create");
  }

  @Authorized(...MASTER_DATA)
  @Mutation(() => Warehouse, { description: "Changes a warehouse; active: false deactivates it (refused while it holds stock)" })
  updateWarehouse(@Arg("input") input: WarehouseInput, @Ctx() ctx: RequestContext) {
    return ctx.services.sites.saveWarehouse(input, ctx.principal!, "update");
  }

  @Authorized(...MASTER_DATA)
  @Mutation(() => Warehouse, { description: "Creates the warehouse or changes the one with that code (ERP sync)" })
  syncWarehouse(@Arg("input") input: WarehouseInput, @Ctx() ctx: RequestContext) {
    return ctx.services.sites.saveWarehouse(input, ctx.principal!, "sync");
  }

  @Authorized(...MASTER_DATA)
  @Mutation(() => Location, { description: "A new location in a warehouse (CONFLICT if the code exists there)" })
  createLocation(@Arg("input") input: LocationInput, @Ctx() ctx: RequestContext) {
    return ctx.services.sites.saveLocation(input, ctx.principal!, "create");
  }

  @Authorized(...MASTER_DATA)
  @Mutation(() => Location, { description: "Changes a location; its kind cannot change, nor may it be deactivated, while it holds stock" })
  updateLocation(@Arg("input") input: LocationInput, @Ctx() ctx: RequestContext) {
    return ctx.services.sites.saveLocation(input, ctx.principal!, "update");
  }

  @Authorized(...MASTER_DATA)
  @Mutation(() => Location, { description: "Creates the location or changes the one with that code in the warehouse (ERP sync)" })
  syncLocation(@Arg("input") input: LocationInput, @Ctx() ctx: RequestContext) {
    return ctx.services.sites.saveLocation(input, ctx.principal!, "sync");
  }

  @Authorized(...MASTER_DATA)
  @Mutation(() => Boolean, { description: "Deletes a location that never held stock (CONFLICT with stock; INVALID_STATE with history: deactivate it)" })
  deleteLocation(@Arg("warehouseCode") warehouseCode: string, @Arg("code") code: string, @Ctx() ctx: RequestContext) {
    return ctx.services.sites.deleteLocation(warehouseCode, code, ctx.principal!);
  }
}
