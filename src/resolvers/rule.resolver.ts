import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { PLANNING, READ } from "../auth/roles";
import type { RequestContext } from "../context";
import type { FiringRow, PlannedAction, RuleRow, RuleVersionRow } from "../domain/rules";
import { DryRunFiring, PlannedRuleAction, Rule, RuleFiring, RuleInput, RuleVersion } from "../schema/rule.types";

const planned = (actions: PlannedAction[]): PlannedRuleAction[] => actions.map((a) => ({ type: a.type, inputs: JSON.stringify(a.inputs) }));
const ruleView = (r: RuleRow): Rule => ({
  id: r.id, name: r.name, warehouseCode: r.warehouseCode, enabled: r.enabled, version: r.version, topic: r.definition.topic,
  triggerMinutes: r.definition.triggerMinutes, conditions: JSON.stringify(r.definition.conditions), actions: JSON.stringify(r.definition.actions),
  updatedAt: r.updatedAt, updatedBy: r.updatedBy,
});
const versionView = (v: RuleVersionRow): RuleVersion => ({
  version: v.version, enabled: v.enabled, topic: v.definition.topic, triggerMinutes: v.definition.triggerMinutes,
  conditions: JSON.stringify(v.definition.conditions), actions: JSON.stringify(v.definition.actions), createdAt: v.createdAt, createdBy: v.createdBy,
});
const firingView = (f: FiringRow): RuleFiring => ({ ...f, eventId: f.eventPosition, actions: planned(f.actions) });

@Resolver(() => Rule)
export class RuleResolver {
  @Authorized(...READ)
  @Query(() => [Rule], { description: "Rules in id order (an identity limited to warehouses: the rules of those)" })
  async rules(
    @Arg("topic", () => String, { nullable: true }) topic: string | undefined,
    @Arg("after", () => ID, { nullable: true }) after: string | undefined,
    @Arg("first", () => Int, { defaultValue: 100 }) first: number,
    @Ctx() ctx: RequestContext,
  ) {
    return (await ctx.services.rules.find({ topic }, ctx.principal!, Number(after ?? 0), Math.min(Math.max(first, 1), 500))).map(ruleView);
  }

  @Authorized(...READ)
  @Query(() => Rule)
  async rule(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return ruleView(await ctx.services.rules.byId(Number(id), ctx.principal!));
  }

  @Authorized(...READ)
  @Query(() => [RuleFiring], { description: "Firings, newest first, filtered (an identity limited to warehouses: those of its warehouses' events)" })
  async ruleFirings(
    @Arg("ruleId", () => ID, { nullable: true }) ruleId: string | undefined,
    @Arg("status", () => String, { nullable: true }) status: string | undefined,
    @Arg("topic", () => String, { nullable: true }) topic: string | undefined,
    @Arg("since", () => Date, { nullable: true }) since: Date | undefined,
    @Arg("before", () => ID, { nullable: true }) before: string | undefined,
    @Arg("first", () => Int, { defaultValue: 100 }) first: number,
    @Ctx() ctx: RequestContext,
  ) {
    const rows = await ctx.services.rules.firings({ ruleId: ruleId ? Number(ruleId) : null, status, topic, since }, ctx.principal!, before ?? null, Math.min(Math.max(first, 1), 500));
    return rows.map(firingView);
  }

  @Authorized(...PLANNING)
  @Query(() => [DryRunFiring], { description: "What a rule (stored: ruleId, or proposed: input) would have done over the last `days` days of events; writes nothing" })
  async dryRunRule(
    @Arg("ruleId", () => ID, { nullable: true }) ruleId: string | undefined,
    @Arg("input", () => RuleInput, { nullable: true }) input: RuleInput | undefined,
    @Arg("days", () => Int) days: number,
    @Ctx() ctx: RequestContext,
  ) {
    const rows = await ctx.services.rules.dryRun(ruleId ? { id: Number(ruleId) } : (input ?? { id: 0 }), days, ctx.principal!);
    return rows.map((r) => ({ ...r, actions: planned(r.actions) }));
  }

  @Authorized(...PLANNING)
  @Mutation(() => Rule, { description: "Creates a rule (version 1)" })
  async createRule(@Arg("input") input: RuleInput, @Ctx() ctx: RequestContext) {
    const { ruleId } = await ctx.services.rules.create(input, ctx.principal!);
    return ruleView(await ctx.services.rules.byId(ruleId, ctx.principal!));
  }

  @Authorized(...PLANNING)
  @Mutation(() => Rule, { description: "Changes a rule: a new version" })
  async updateRule(@Arg("id", () => ID) id: string, @Arg("input") input: RuleInput, @Ctx() ctx: RequestContext) {
    await ctx.services.rules.update(Number(id), input, ctx.principal!);
    return ruleView(await ctx.services.rules.byId(Number(id), ctx.principal!));
  }

  @Authorized(...PLANNING)
  @Mutation(() => Rule, { description: "Enables or disables a rule: a new version" })
  async setRuleEnabled(@Arg("id", () => ID) id: string, @Arg("enabled") enabled: boolean, @Ctx() ctx: RequestContext) {
    await ctx.services.rules.setEnabled(Number(id), enabled, ctx.principal!);
    return ruleView(await ctx.services.rules.byId(Number(id), ctx.principal!));
  }

  @FieldResolver(() => [RuleVersion], { description: "every version, newest first" })
  async versions(@Root() r: Rule, @Ctx() ctx: RequestContext) {
    return (await ctx.services.rules.versions([r.id])).map(versionView);
  }
}
