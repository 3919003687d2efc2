import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { PLANNING, READ } from "../auth/roles";
import type { RequestContext } from "../context";
import { namedIn, refOf } from "../domain/shared/ref";
import { Bom, BomExplosion, ComponentRequirement, ExplosionNode, ReplaceBomInput, WhereUsedEntry } from "../schema/bom.types";
import { Material } from "../schema/material.types";
import { DecimalScalar } from "../schema/scalars";

@Resolver()
export class BomResolver {
  @Authorized(...PLANNING)
  @Mutation(() => Bom, { description: "Creates or replaces a material's BOM; refuses cycles (BOM_CYCLE) and writes nothing on any error" })
  replaceBom(@Arg("input") input: ReplaceBomInput, @Ctx() ctx: RequestContext) {
    return ctx.services.boms.replace(namedIn("Material", input, "material"), input.lines, input.baseQuantity, ctx.principal!);
  }

  @Authorized(...READ)
  @Query(() => BomExplosion, { description: "Multi-level explosion: tree with extended quantities (scrap included) and totals per component" })
  async bomExplosion(
    @Arg("materialId", () => ID, { nullable: true }) materialId: string | undefined,
    @Arg("materialCode", () => String, { nullable: true }) materialCode: string | undefined,
    @Arg("quantity", () => DecimalScalar, { defaultValue: "1" }) quantity: string,
    @Arg("asOf", () => Date, { nullable: true, description: "lines valid at this time (default now)" }) asOf: Date | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    const id = await bomMaterial(ctx, materialId, materialCode);
    const { tree, summary } = await ctx.services.boms.explode(id, quantity, asOf);
    return { materialId: id, quantity, tree, summary };
  }

  @Authorized(...READ)
  @Query(() => [WhereUsedEntry], { description: "Every BOM that uses the material, at all levels (implosion)" })
  async whereUsed(
    @Arg("materialId", () => ID, { nullable: true }) materialId: string | undefined,
    @Arg("materialCode", () => String, { nullable: true }) materialCode: string | undefined,
    @Arg("asOf", () => Date, { nullable: true }) asOf: Date | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    const id = await bomMaterial(ctx, materialId, materialCode);
    return ctx.services.boms.whereUsed(id, asOf);
  }
}

/** The id of the material named by `materialId` or `materialCode` (archived ones included: their BOMs stay readable). */
async function bomMaterial(ctx: RequestContext, id: string | undefined, code: string | undefined): Promise<number> {
  return (await ctx.services.materials.named(refOf("Material", "material", { id, code }), { archived: true })).id;
}

@Resolver(() => Bom)
export class BomHeaderResolver {
  @FieldResolver(() => Material)
  material(@Root() b: Bom, @Ctx() ctx: RequestContext) {
    return ctx.loaders.material.load(b.materialId);
  }
}

@Resolver(() => ExplosionNode)
export class ExplosionNodeResolver {
  @FieldResolver(() => Material)
  component(@Root() n: ExplosionNode, @Ctx() ctx: RequestContext) {
    return ctx.loaders.material.load(n.componentId);
  }
}

@Resolver(() => ComponentRequirement)
export class ComponentRequirementResolver {
  @FieldResolver(() => Material)
  component(@Root() n: ComponentRequirement, @Ctx() ctx: RequestContext) {
    return ctx.loaders.material.load(n.componentId);
  }
}

@Resolver(() => WhereUsedEntry)
export class WhereUsedEntryResolver {
  @FieldResolver(() => Material)
  parent(@Root() e: WhereUsedEntry, @Ctx() ctx: RequestContext) {
    return ctx.loaders.material.load(e.parentId);
  }
}
