import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { MASTER_DATA, READ } from "../auth/roles";
import type { RequestContext } from "../context";
import { Bom, ReplaceBomInput } from "../schema/bom.types";
import { namedIn } from "../domain/shared/ref";
import {
  InventoryValueLine, RoutingInput, RoutingOperation, StandardCost, StandardCostInput, Substitute, SubstituteInput, ValueGrouping, WorkCenter, WorkCenterInput,
} from "../schema/master-data.types";

/** Substitutes, BOM sync, standard costs and inventory value, work centers and routings. */
@Resolver()
export class MasterDataResolver {
  @Authorized(...MASTER_DATA)
  @Mutation(() => Substitute, { description: "Creates or changes which material may replace another (ERP sync too)" })
  syncSubstitute(@Arg("input") input: SubstituteInput, @Ctx() ctx: RequestContext) {
    return ctx.services.substitutes.save(input, ctx.principal!);
  }

  @Authorized(...MASTER_DATA)
  @Mutation(() => Boolean)
  deleteSubstitute(@Arg("materialCode") materialCode: string, @Arg("substituteCode") substituteCode: string, @Ctx() ctx: RequestContext) {
    return ctx.services.substitutes.delete(materialCode, substituteCode, ctx.principal!);
  }

  @Authorized(...MASTER_DATA)
  @Mutation(() => Bom, { description: "Creates or replaces a material's BOM from the ERP (as replaceBom)" })
  syncBom(@Arg("input") input: ReplaceBomInput, @Ctx() ctx: RequestContext) {
    return ctx.services.boms.replace(namedIn("Material", input, "material"), input.lines, input.baseQuantity, ctx.principal!);
  }

  @Authorized(...MASTER_DATA)
  @Mutation(() => StandardCost, { description: "Sets a material's standard cost from a date (history is kept; ERP sync too)" })
  setStandardCost(@Arg("input") input: StandardCostInput, @Ctx() ctx: RequestContext) {
    return ctx.services.costs.save(input, ctx.principal!);
  }

  @Authorized(...READ)
  @Query(() => [InventoryValueLine], { description: "Stock on hand valued at today's standard costs, by warehouse, material or ABC class" })
  inventoryValue(
    @Arg("groupBy", () => ValueGrouping) groupBy: ValueGrouping,
    @Arg("warehouseCode", () => String, { nullable: true }) warehouseCode: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.costs.value(groupBy, warehouseCode ?? null, ctx.principal!);
  }

  @Authorized(...READ)
  @Query(() => [WorkCenter])
  workCenters(@Ctx() ctx: RequestContext) {
    return ctx.services.routings.workCenters();
  }

  @Authorized(...MASTER_DATA)
  @Mutation(() => WorkCenter, { description: "A new work center (CONFLICT if the code exists)" })
  createWorkCenter(@Arg("input") input: WorkCenterInput, @Ctx() ctx: RequestContext) {
    return ctx.services.routings.saveWorkCenter(input, ctx.principal!, "create");
  }

  @Authorized(...MASTER_DATA)
  @Mutation(() => WorkCenter)
  updateWorkCenter(@Arg("input") input: WorkCenterInput, @Ctx() ctx: RequestContext) {
    return ctx.services.routings.saveWorkCenter(input, ctx.principal!, "update");
  }

  @Authorized(...MASTER_DATA)
  @Mutation(() => WorkCenter, { description: "Creates the work center or changes the one with that code (ERP sync)" })
  syncWorkCenter(@Arg("input") input: WorkCenterInput, @Ctx() ctx: RequestContext) {
    return ctx.services.routings.saveWorkCenter(input, ctx.principal!, "sync");
  }

  @Authorized(...MASTER_DATA)
  @Mutation(() => [RoutingOperation], { description: "Creates or replaces a product's routing; work orders copy it (ERP sync too)" })
  syncRouting(@Arg("input") input: RoutingInput, @Ctx() ctx: RequestContext) {
    return ctx.services.routings.saveRouting(input, ctx.principal!);
  }
}
