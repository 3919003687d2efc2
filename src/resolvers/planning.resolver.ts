import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { PLANNING, READ, Role } from "../auth/roles";
import { scopeOf } from "../auth/warehouse-scope";
import type { RequestContext } from "../context";
import type { StoredPeg, SupplyRow } from "../domain/planning";
import type { PlannedSupply as EngineSupply, MrpPlan } from "../domain/mrp";
import { Connection, PageArgs } from "../schema/connection";
import { Material } from "../schema/material.types";
import {
  MpsLine, MpsLineInput, MrpRun, PlanFilterArgs, MrpRunInput, Peg, PlannedSupply, ReleasedPurchaseOrder, ReleasedPurchaseOrders, ReleasedWorkOrder, SupplyKind, SupplyPreview, WhatIfInput, WhatIfResult,
} from "../schema/planning.types";
import { idOf, optionalRefOf, refOf } from "../domain/shared/ref";
import { badInput, notFound } from "../domain/shared/domain-error";
import { pageWindow } from "./page";

const MpsLineConnection = Connection(MpsLine);
type MpsLineConnection = InstanceType<typeof MpsLineConnection>;
const MrpRunConnection = Connection(MrpRun);
type MrpRunConnection = InstanceType<typeof MrpRunConnection>;
const PlannedSupplyConnection = Connection(PlannedSupply);
type PlannedSupplyConnection = InstanceType<typeof PlannedSupplyConnection>;

const DEMAND = [Role.PLANNER, Role.INTEGRATION] as const;

/** The warehouse and material a listing is filtered by, each named by id or code. */
async function planFilter(ctx: RequestContext, f: PlanFilterArgs, warehouseRequired = false) {
  const named = { id: f.warehouseId, code: f.warehouseCode };
  const warehouse = warehouseRequired ? refOf("Warehouse", "warehouse", named) : optionalRefOf("Warehouse", "warehouse", named);
  const material = optionalRefOf("Material", "material", { id: f.materialId, code: f.materialCode });
  return {
    warehouseId: warehouse && (await ctx.services.sites.warehouseNamed(warehouse, ctx.principal!)).id,
    materialId: material && (await ctx.services.materials.named(material)).id,
  };
}

/** A peg as stored on its supply, as the graph serves it. */
export const pegView = ([demand, quantity]: StoredPeg): Peg =>
  typeof demand === "number" ? { mpsLineId: demand, pseudoDemand: null, quantity } : { mpsLineId: null, pseudoDemand: demand, quantity };

const preview = (s: EngineSupply): SupplyPreview => ({
  kind: s.kind as SupplyKind,
  materialId: s.materialId,
  quantity: s.quantity,
  releaseDate: s.releaseDate,
  dueDate: s.dueDate,
  pegs: s.pegs.map((p) => pegView([p.demandId, p.quantity])),
});

@Resolver()
export class PlanningResolver {
  @Authorized(...READ)
  @Query(() => MpsLineConnection, { description: "Independent demand, oldest first" })
  async mpsLines(
    @Args() page: PageArgs,
    @Args() f: PlanFilterArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<MpsLineConnection> {
    const { limit, afterId } = pageWindow(page, ctx);
    const filter = await planFilter(ctx, f);
    const result = await ctx.services.mps.page(filter, scopeOf(ctx.principal!), afterId, limit);
    return MpsLineConnection.from(result, afterId);
  }

  @Authorized(...DEMAND)
  @Mutation(() => MpsLine, { description: "Adds demand (ERP: pass an idempotencyKey, retries then post once)" })
  createMpsLine(
    @Arg("input") input: MpsLineInput,
    @Arg("idempotencyKey", () => String, { nullable: true }) key: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.mps.create(input, ctx.principal!, key);
  }

  @Authorized(...DEMAND)
  @Mutation(() => ID)
  async deleteMpsLine(
    @Arg("id", () => ID) id: string,
    @Arg("idempotencyKey", () => String, { nullable: true }) key: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return (await ctx.services.mps.delete(idOf("MpsLine", id), ctx.principal!, key)).id;
  }

  @Authorized(...PLANNING)
  @Mutation(() => MrpRun, { description: "Starts an MRP run for a warehouse and returns at once; follow it with mrpRunProgress or mrpRun" })
  startMrpRun(@Arg("input") input: MrpRunInput, @Ctx() ctx: RequestContext) {
    return ctx.services.mrp.start(input, ctx.principal!);
  }

  @Authorized(...READ)
  @Query(() => MrpRun)
  mrpRun(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return ctx.services.mrp.run(idOf("MrpRun", id), scopeOf(ctx.principal!));
  }

  @Authorized(...READ)
  @Query(() => MrpRunConnection, { description: "Runs, newest first" })
  async mrpRuns(@Args() page: PageArgs, @Ctx() ctx: RequestContext): Promise<MrpRunConnection> {
    const { limit, afterId } = pageWindow(page, ctx);
    const result = await ctx.services.mrp.runs(scopeOf(ctx.principal!), afterId, limit);
    return MrpRunConnection.from(result, afterId);
  }

  @Authorized(...READ)
  @Query(() => PlannedSupplyConnection, { description: "Planned orders (make) of the warehouse's current plan" })
  plannedOrders(@Args() page: PageArgs, @Args() f: PlanFilterArgs, @Ctx() ctx: RequestContext) {
    return supplies(ctx, "PLANNED_ORDER", page, f);
  }

  @Authorized(...READ)
  @Query(() => PlannedSupplyConnection, { description: "Purchase suggestions (buy) of the warehouse's current plan" })
  purchaseSuggestions(@Args() page: PageArgs, @Args() f: PlanFilterArgs, @Ctx() ctx: RequestContext) {
    return supplies(ctx, "PURCHASE_SUGGESTION", page, f);
  }

  @Authorized(...PLANNING)
  @Query(() => WhatIfResult, { description: "Plans with overrides and stores nothing" })
  async mrpWhatIf(@Arg("run") run: MrpRunInput, @Arg("overrides") overrides: WhatIfInput, @Ctx() ctx: RequestContext): Promise<WhatIfResult> {
    const { plan, diff } = await ctx.services.mrp.whatIf(run, overrides, ctx.principal!);
    return {
      plannedOrders: plan.plannedOrders.map(preview),
      purchaseSuggestions: plan.purchaseSuggestions.map(preview),
      exceptions: plan.exceptions,
      diff: {
        added: diff.added.map(preview),
        removed: diff.removed.map(preview),
        changed: diff.changed.map((c) => ({ before: preview(c.before), after: preview(c.after), quantityDelta: c.quantityDelta, fields: c.fields })),
        unchanged: diff.unchanged,
      },
      periods: await periodsOf(ctx, plan, overrides),
    };
  }

  @Authorized(...DEMAND)
  @Mutation(() => ReleasedPurchaseOrder, { description: "Turns a purchase suggestion of the current plan into a purchase order" })
  releasePurchaseSuggestion(@Arg("id", () => ID) id: string, @Arg("idempotencyKey", () => String, { nullable: true }) key: string | undefined, @Ctx() ctx: RequestContext) {
    return ctx.services.releases.releasePurchaseSuggestion(idOf("PurchaseSuggestion", id), ctx.principal!, key);
  }

  @Authorized(...DEMAND)
  @Mutation(() => ReleasedPurchaseOrders, { description: "Turns up to 500 purchase suggestions of the current plan into purchase orders, all or none" })
  releasePurchaseSuggestions(@Arg("ids", () => [ID]) ids: string[], @Arg("idempotencyKey", () => String, { nullable: true }) key: string | undefined, @Ctx() ctx: RequestContext) {
    return ctx.services.releases.releasePurchaseSuggestions(ids.map((id) => idOf("PurchaseSuggestion", id)), ctx.principal!, key);
  }

  @Authorized(...PLANNING)
  @Mutation(() => ReleasedWorkOrder, { description: "Turns a planned order of the current plan into a work order (which reserves its components)" })
  releasePlannedOrder(@Arg("id", () => ID) id: string, @Arg("idempotencyKey", () => String, { nullable: true }) key: string | undefined, @Ctx() ctx: RequestContext) {
    return ctx.services.releases.releasePlannedOrder(idOf("PlannedOrder", id), ctx.principal!, key);
  }
}

/** The current plan is per warehouse: a listing of it names one. */
async function supplies(ctx: RequestContext, kind: "PLANNED_ORDER" | "PURCHASE_SUGGESTION", page: PageArgs, f: PlanFilterArgs): Promise<PlannedSupplyConnection> {
  const { limit, afterId } = pageWindow(page, ctx);
  const { warehouseId, materialId } = await planFilter(ctx, f, true);
  const filter = { warehouseId: warehouseId!, materialId };
  const result = await ctx.services.mrp.currentSupplies(kind, filter, afterId, limit);
  return PlannedSupplyConnection.from(result, afterId);
}

/**
 * Period records of the materials asked for by code (periodsOf: an unknown one is left out) or by id
 * (periodsOfIds: an unknown one is NOT_FOUND); materials the plan does not cover are left out.
 */
async function periodsOf(ctx: RequestContext, plan: MrpPlan, { periodsOf: codes, periodsOfIds: ids }: WhatIfInput) {
  if (codes != null && ids != null) throw badInput("give periodsOf or periodsOfIds, not both", { field: "periodsOf" });
  const byId = async (id: string) => (await ctx.loaders.material.load(idOf("Material", id))) ?? Promise.reject(notFound("Material", id));
  const materials = ids ? await Promise.all(ids.map(byId)) : await Promise.all((codes ?? []).map((c) => ctx.loaders.materialByCode.load(c.trim().toUpperCase())));
  const bucketStarts = plan.bucketStarts;
  return materials.filter((m) => m && plan.lowLevelCodes.has(m.id)).map((m) => ({ ...plan.periods(m!.id), bucketStarts }));
}

@Resolver(() => PlannedSupply)
export class PlannedSupplyResolver {
  @FieldResolver(() => [Peg], { description: "the demands it serves; they add up to its quantity" })
  pegs(@Root() s: SupplyRow) {
    return s.pegs.map(pegView);
  }

  @FieldResolver(() => Material)
  material(@Root() s: SupplyRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.material.load(s.materialId);
  }

}

@Resolver(() => SupplyPreview)
export class SupplyPreviewResolver {
  @FieldResolver(() => Material)
  material(@Root() s: SupplyPreview, @Ctx() ctx: RequestContext) {
    return ctx.loaders.material.load(s.materialId);
  }
}

@Resolver(() => MpsLine)
export class MpsLineResolver {
  @FieldResolver(() => Material)
  material(@Root() l: MpsLine, @Ctx() ctx: RequestContext) {
    return ctx.loaders.material.load(l.materialId);
  }
}
