import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { PLANNING, READ } from "../auth/roles";
import type { RequestContext } from "../context";
import { notFound } from "../domain/shared/domain-error";
import { Bom, BomExplosion, ComponentRequirement, ExplosionNode, ReplaceBomInput, WhereUsedEntry } from "../schema/bom.types";
import { Material } from "../schema/material.types";
import { DecimalScalar } from "../schema/scalars";
import { toId } from "./row-id";

@Resolver()
export class BomResolver {
  @Authorized(...PLANNING)
  @Mutation(() => Bom, { description: "Creates or replaces a material's BOM; refuses cycles (BOM_CYCLE) and writes nothing on any error" })
  replaceBom(@Arg("input") input: ReplaceBomInput, @Ctx() ctx: RequestContext) {
    return ctx.services.boms.replace(input.materialCode, input.lines, input.baseQuantity, ctx.principal!);
  }

  @Authorized(...READ)
  @Query(() => BomExplosion, { description: "Multi-level explosion: tree with extended quantities (scrap included) and totals per component" })
  async bomExplosion(
    @Arg("materialId", () => ID) materialId: string,
    @Arg("quantity", () => DecimalScalar, { defaultValue: "1" }) quantity: string,
    @Arg("asOf", () => Date, { nullable: true, description: "lines valid at this time (default now)" }) asOf: Date | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    const id = toId(materialId);
    await requireMaterial(ctx, id);
    const { tree, summary } = await ctx.services.boms.explode(id, quantity, asOf);
    return { materialId: id, quantity, tree, summary };
  }

  @Authorized(...READ)
  @Query(() => [WhereUsedEntry], { description: "Every BOM that uses the material, at all levels (implosion)" })
  async whereUsed(
    @Arg("materialId", () => ID) materialId: string,
    @Arg("asOf", () => Date, { nullable: true }) asOf: Date | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    const id = toId(materialId);
    await requireMaterial(ctx, id);
    return ctx.services.boms.whereUsed(id, asOf);
  }
}

async function requireMaterial(ctx: RequestContext, id: number) {
  const m = await ctx.loaders.material.load(id);
  if (!m) throw notFound("Material", id);
  return m;
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
