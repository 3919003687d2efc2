import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { PLANNING, READ, Role } from "../auth/roles";
import type { RequestContext } from "../context";
import type { ChangeRow, EffectiveSettings, PolicyRow } from "../domain/inventory-policy";
import { optionalRefOf } from "../domain/shared/ref";
import { Warehouse } from "../schema/inventory.types";
import {
  ClassificationSettings, ClassificationSettingsInput, InventoryPolicy, InventoryPolicyChange, InventoryPolicyRecomputation, RecomputeInventoryPoliciesInput,
} from "../schema/inventory-policy.types";
import { Material } from "../schema/material.types";

const KEY = { nullable: true, description: "retries with the same key return the first result instead of running again" };
const ref = { nullable: true } as const;

const settingsOut = (s: EffectiveSettings) => ({
  abcCutoffs: s.abcCutoffs, xyzThresholds: s.xyzThresholds, serviceLevelA: s.serviceLevels.A, serviceLevelB: s.serviceLevels.B, serviceLevelC: s.serviceLevels.C,
  countEveryDaysA: s.countEveryDaysInEffect.A, countEveryDaysB: s.countEveryDaysInEffect.B, countEveryDaysC: s.countEveryDaysInEffect.C,
  bucket: s.bucket, historyBuckets: s.historyBuckets, updatedAt: s.updatedAt, updatedBy: s.updatedBy,
});
const changeOut = (c: ChangeRow) => ({ ...c, recomputationId: c.runId });

@Resolver(() => InventoryPolicy)
export class InventoryPolicyResolver {
  @Authorized(...READ)
  @Query(() => [InventoryPolicy], {
    description: "The safety stocks and reorder points computed for a warehouse, or (none named) for every warehouse you may see; optionally of one material",
  })
  inventoryPolicies(
    @Arg("warehouseId", () => ID, ref) warehouseId: string | undefined,
    @Arg("warehouseCode", () => String, ref) warehouseCode: string | undefined,
    @Arg("materialId", () => ID, ref) materialId: string | undefined,
    @Arg("materialCode", () => String, ref) materialCode: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    const warehouse = optionalRefOf("Warehouse", "warehouse", { id: warehouseId, code: warehouseCode });
    return ctx.services.inventoryPolicies.policies(warehouse, optionalRefOf("Material", "material", { id: materialId, code: materialCode }), ctx.principal!);
  }

  @Authorized(...READ)
  @Query(() => [InventoryPolicyChange], { description: "What recomputations changed, newest first: classes, and policies of your warehouses" })
  async inventoryPolicyChanges(@Arg("first", () => Int, { defaultValue: 50, description: "1 to 500" }) first: number, @Ctx() ctx: RequestContext) {
    return (await ctx.services.inventoryPolicies.changes(ctx.principal!, first)).map(changeOut);
  }

  @Authorized(...READ)
  @Query(() => ClassificationSettings)
  async classificationSettings(@Ctx() ctx: RequestContext) {
    return settingsOut(await ctx.services.inventoryPolicies.settings());
  }

  @Authorized(...PLANNING)
  @Mutation(() => InventoryPolicyRecomputation, {
    description: "Recomputes a warehouse's safety stocks and reorder points from its demand history, or (no warehouse) the materials' ABC/XYZ classes and every warehouse's; lists what changed",
  })
  async recomputeInventoryPolicies(
    @Arg("input", () => RecomputeInventoryPoliciesInput, { nullable: true }) input: RecomputeInventoryPoliciesInput | undefined,
    @Arg("idempotencyKey", () => String, KEY) key: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    const r = await ctx.services.inventoryPolicies.recompute(input ?? {}, ctx.principal!, key);
    return { ...r, recomputationId: r.runId, changes: r.changes.map(changeOut) };
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ClassificationSettings, { description: "Changes the plant's classification settings (an identity limited to no warehouse); takes effect at the next recomputation" })
  async setClassificationSettings(@Arg("input") input: ClassificationSettingsInput, @Arg("idempotencyKey", () => String, KEY) key: string | undefined, @Ctx() ctx: RequestContext) {
    return settingsOut((await ctx.services.inventoryPolicies.setSettings(input, ctx.principal!, key)).settings);
  }

  @FieldResolver(() => Material)
  material(@Root() p: PolicyRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.material.load(p.materialId);
  }

  @FieldResolver(() => Warehouse)
  warehouse(@Root() p: PolicyRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.warehouse.load(p.warehouseId);
  }
}

@Resolver(() => InventoryPolicyChange)
export class InventoryPolicyChangeResolver {
  @FieldResolver(() => Material)
  material(@Root() c: ChangeRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.material.load(c.materialId);
  }

  @FieldResolver(() => Warehouse, { nullable: true, description: "null: the material's classes changed" })
  warehouse(@Root() c: ChangeRow, @Ctx() ctx: RequestContext) {
    return c.warehouseId === null ? null : ctx.loaders.warehouse.load(c.warehouseId);
  }
}
