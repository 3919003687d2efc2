import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { READ, Role } from "../auth/roles";
import { scopeOf } from "../auth/warehouse-scope";
import type { RequestContext } from "../context";
import type { AlarmRow } from "../domain/alerts";
import { PageArgs } from "../schema/connection";
import { Alarm, AlarmConnection, AlarmKind } from "../schema/device.types";
import type { Severity } from "../schema/event.types";
import { idOf, optionalRefOf } from "../domain/shared/ref";
import { pageWindow } from "./page";

export const toAlarm = (a: AlarmRow): Alarm => ({ ...a, kind: a.kind as AlarmKind, severity: a.severity as Severity });

@Resolver()
export class AlarmResolver {
  @Authorized(...READ)
  @Query(() => AlarmConnection, { description: "Device alarms, newest first" })
  async alarms(
    @Args() page: PageArgs,
    @Ctx() ctx: RequestContext,
    @Arg("open", () => Boolean, { nullable: true, description: "true: not cleared yet; false: cleared" }) open?: boolean | null,
    @Arg("warehouseId", () => ID, { nullable: true }) warehouseId?: string | null,
    @Arg("warehouseCode", () => String, { nullable: true }) warehouseCode?: string | null,
  ): Promise<AlarmConnection> {
    const { limit, afterId } = pageWindow(page, ctx);
    const warehouse = optionalRefOf("Warehouse", "warehouse", { id: warehouseId, code: warehouseCode });
    const code = await ctx.services.sites.codeToFilter(warehouse, ctx.principal!);
    const result = await ctx.services.alarms.page({ open, warehouseCode: code }, scopeOf(ctx.principal!), afterId, limit);
    return AlarmConnection.from({ ...result, rows: result.rows.map(toAlarm) }, afterId);
  }

  @Authorized(Role.STOREKEEPER, Role.PLANNER)
  @Mutation(() => Alarm, { description: "Marks an alarm as seen; it stays open until it is cleared (a reading back in range, a silent device speaking again)" })
  async acknowledgeAlarm(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return toAlarm(await ctx.services.alarms.acknowledge(idOf("Alarm", id), ctx.principal!));
  }
}
