import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from "type-graphql";
import { PLANNING, READ } from "../auth/roles";
import type { RequestContext } from "../context";
import { KpiFigure, KpiFilter, KpiRefreshResult } from "../schema/kpi.types";
import { DateScalar } from "../schema/scalars";

/** The plant's KPIs (src/domain/kpis): daily series and current values; a recompute on demand. */
@Resolver()
export class KpiResolver {
  @Authorized(...READ)
  @Query(() => [KpiFigure], { description: "Every KPI's current value and daily series for the filter, within the caller's warehouses" })
  async kpis(@Arg("filter", () => KpiFilter, { nullable: true }) filter: KpiFilter | undefined, @Ctx() ctx: RequestContext) {
    const report = await ctx.services.kpis.report(filter ?? {}, ctx.principal!);
    return report.figures.map((f) => ({ kpi: f.kpi, current: f.current, series: f.series.map((value, i) => ({ day: report.days[i], value })) }));
  }

  @Authorized(...PLANNING)
  @Mutation(() => KpiRefreshResult, { description: "Recomputes the daily KPI snapshots of days [from, to] (UTC) (default: yesterday and today) for a warehouse or all the caller's" })
  refreshKpis(
    @Arg("warehouseCode", () => String, { nullable: true }) warehouseCode: string | undefined,
    @Arg("from", () => DateScalar, { nullable: true }) from: Date | undefined,
    @Arg("to", () => DateScalar, { nullable: true }) to: Date | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.kpis.refresh({ warehouseCode, from, to }, ctx.principal!);
  }
}
