import { Arg, Authorized, Ctx, Mutation, Query, Resolver, Root, Subscription } from "type-graphql";
import { PLANNING, READ } from "../auth/roles";
import type { RequestContext } from "../context";
import type { HubEvent } from "../events";
import { KpiFigure, KpiFilter, KpiRefreshResult, KpisUpdatedEvent } from "../schema/kpi.types";
import { DateScalar } from "../schema/scalars";
import { subscribeTo } from "./events.resolver";

async function figures(filter: KpiFilter | undefined, ctx: RequestContext) {
  const report = await ctx.services.kpis.report(filter ?? {}, ctx.principal!);
  return report.figures.map((f) => ({ kpi: f.kpi, current: f.current, series: f.series.map((value, i) => ({ day: report.days[i], value })) }));
}

/** The plant's KPIs (src/domain/kpis): daily series and current values; a recompute on demand; the figures again when they change. */
@Resolver()
export class KpiResolver {
  @Authorized(...READ)
  @Query(() => [KpiFigure], { description: "Every KPI's current value and daily series for the filter, within the caller's warehouses" })
  kpis(@Arg("filter", () => KpiFilter, { nullable: true }) filter: KpiFilter | undefined, @Ctx() ctx: RequestContext) {
    return figures(filter, ctx);
  }

  @Authorized(...READ)
  @Subscription(() => KpisUpdatedEvent, {
    description:
      "Every KPI's figures for the filter (as `kpis`) again each time a refresh changed the snapshots of a warehouse it covers: the KPI job, `refreshKpis`, or the live refresh after stock and work-order events (KPI_LIVE_SECONDS)",
    // the filter is checked when subscribing (as `kpis` would refuse it); the warehouses it covers pick the events
    subscribe: subscribeTo("kpi.refreshed", READ, (p, a) => a.warehouseIds === null || a.warehouseIds.includes(p.warehouseId), undefined, async (args, context) => ({
      warehouseIds: (await context.services.kpis.checkFilter(args.filter ?? {}, context.principal!)).warehouseIds,
    })),
  })
  async kpisUpdated(@Root() e: HubEvent<"kpi.refreshed">, @Arg("filter", () => KpiFilter, { nullable: true }) filter: KpiFilter | undefined, @Ctx() ctx: RequestContext) {
    return { eventId: e.id, warehouseCode: e.payload.warehouseCode, figures: await figures(filter, ctx) };
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
