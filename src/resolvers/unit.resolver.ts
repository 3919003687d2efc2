import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { MASTER_DATA, READ } from "../auth/roles";
import type { RequestContext } from "../context";
import { MaterialUnit, MaterialUnitInput, UnitInput, UnitOfMeasure } from "../schema/material.types";

@Resolver(() => UnitOfMeasure)
export class UnitResolver {
  @Authorized(...READ)
  @Query(() => [UnitOfMeasure], { description: "Units of measure by code" })
  units(@Ctx() ctx: RequestContext) {
    return ctx.services.units.list();
  }

  @Authorized(...MASTER_DATA)
  @Mutation(() => UnitOfMeasure, { description: "A new unit of measure (CONFLICT if the code exists)" })
  createUnit(@Arg("input") input: UnitInput, @Ctx() ctx: RequestContext) {
    return ctx.services.units.save(input, ctx.principal!, "create");
  }

  @Authorized(...MASTER_DATA)
  @Mutation(() => UnitOfMeasure, { description: "Changes a unit's name or precision; a precision that would round stock is refused" })
  updateUnit(@Arg("input") input: UnitInput, @Ctx() ctx: RequestContext) {
    return ctx.services.units.save(input, ctx.principal!, "update");
  }

  @Authorized(...MASTER_DATA)
  @Mutation(() => UnitOfMeasure, { description: "Creates the unit or changes the one with that code (ERP sync)" })
  syncUnit(@Arg("input") input: UnitInput, @Ctx() ctx: RequestContext) {
    return ctx.services.units.save(input, ctx.principal!, "sync");
  }

  @Authorized(...MASTER_DATA)
  @Mutation(() => MaterialUnit, { description: "Creates or changes an alternative unit of a material, accepted on receipts, issues and scans" })
  setMaterialUnit(@Arg("input") input: MaterialUnitInput, @Ctx() ctx: RequestContext) {
    return ctx.services.materials.setUnit(input, ctx.principal!);
  }

  @Authorized(...MASTER_DATA)
  @Mutation(() => Boolean)
  deleteMaterialUnit(@Arg("materialCode") materialCode: string, @Arg("uomCode") uomCode: string, @Ctx() ctx: RequestContext) {
    return ctx.services.materials.deleteUnit(materialCode, uomCode, ctx.principal!);
  }
}
