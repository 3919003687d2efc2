import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { PLANNING, READ } from "../auth/roles";
import { scopeOf } from "../auth/warehouse-scope";
import type { RequestContext } from "../context";
import type { MaterialForecast as MaterialForecastRow } from "../domain/forecasting";
import { idOf, optionalRefOf, refOf } from "../domain/shared/ref";
import { Connection, PageArgs } from "../schema/connection";
import {
  ForecastFilterArgs, ForecastOverrideInput, ForecastOverrideResult, ForecastRun, ForecastRunInput, MaterialForecast,
} from "../schema/forecast.types";
import { pageWindow } from "./page";

const MaterialForecastConnection = Connection(MaterialForecast);
type MaterialForecastConnection = InstanceType<typeof MaterialForecastConnection>;

const view = (f: MaterialForecastRow) => ({
  ...f,
  buckets: f.buckets.map((b) => ({ ...b, quantity: b.override ?? b.forecast! })),
});

@Resolver()
export class ForecastResolver {
  @Authorized(...PLANNING)
  @Mutation(() => [ForecastRun], { description: "Starts a forecast run per warehouse and returns at once; follow them with forecastRunProgress or forecastRun" })
  startForecastRun(@Arg("input") input: ForecastRunInput, @Ctx() ctx: RequestContext) {
    return ctx.services.forecastRuns.start(input, ctx.principal!);
  }

  @Authorized(...READ)
  @Query(() => ForecastRun)
  forecastRun(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return ctx.services.forecastRuns.run(idOf("ForecastRun", id), scopeOf(ctx.principal!));
  }

  @Authorized(...READ)
  @Query(() => MaterialForecastConnection, { description: "Materials' current forecasts in a warehouse, with method, accuracy and overrides, by material id" })
  async forecasts(@Args() page: PageArgs, @Args() f: ForecastFilterArgs, @Ctx() ctx: RequestContext): Promise<MaterialForecastConnection> {
    const { limit, afterId } = pageWindow(page, ctx);
    const warehouse = await ctx.services.sites.warehouseNamed(refOf("Warehouse", "warehouse", { id: f.warehouseId, code: f.warehouseCode }), ctx.principal!);
    const material = optionalRefOf("Material", "material", { id: f.materialId, code: f.materialCode });
    const materialId = material && (await ctx.services.materials.named(material)).id;
    const result = await ctx.services.forecasts.page({ warehouseId: warehouse.id, materialId }, afterId, limit);
    return MaterialForecastConnection.from({ ...result, rows: result.rows.map(view) }, afterId);
  }

  @Authorized(...PLANNING)
  @Mutation(() => ForecastOverrideResult, { description: "A planner's quantity for a material's forecast bucket, kept across runs and planned instead of the computed one; quantity null removes it" })
  setForecastOverride(@Arg("input") input: ForecastOverrideInput, @Ctx() ctx: RequestContext) {
    return ctx.services.forecasts.setOverride(input, ctx.principal!);
  }
}
