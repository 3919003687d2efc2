import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from "type-graphql";
import { Role } from "../auth/roles";
import { scopeOf } from "../auth/warehouse-scope";
import type { RequestContext } from "../context";
import { ErpPush } from "../schema/erp.types";
import { idOf } from "../domain/shared/ref";

@Resolver()
export class ErpResolver {
  @Authorized(Role.PLANNER, Role.INTEGRATION)
  @Mutation(() => ErpPush, {
    description: "Pushes a completed MRP run's purchase suggestions to the ERP now, under the same idempotency keys as its automatic push",
  })
  async pushPlanToErp(@Arg("runId", () => ID) runId: string, @Ctx() ctx: RequestContext) {
    const run = await ctx.services.mrp.run(idOf("MrpRun", runId), scopeOf(ctx.principal!));
    return ctx.connectors.pushRunToErp(run.id);
  }
}
