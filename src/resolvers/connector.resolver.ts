import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { READ, Role } from "../auth/roles";
import { scopeOf } from "../auth/warehouse-scope";
import type { RequestContext } from "../context";
import { PageArgs } from "../schema/connection";
import { ConnectorHealth, DeadLetter, DeadLetterConnection, DeadLetterReplay } from "../schema/connector.types";
import { idOf } from "../domain/shared/ref";
import { pageWindow } from "./page";

@Resolver()
export class ConnectorResolver {
  @Authorized(...READ)
  @Query(() => [ConnectorHealth], { description: "The configured connectors and their health" })
  connectors(@Ctx() ctx: RequestContext) {
    // the last error may be about any warehouse's message: only identities limited to none read it
    const health = ctx.connectors.health();
    return scopeOf(ctx.principal!) === null ? health : health.map((h) => ({ ...h, lastError: null }));
  }

  @Authorized(Role.INTEGRATION)
  @Query(() => DeadLetterConnection, { description: "Undelivered connector messages, newest first" })
  async deadLetters(@Args() page: PageArgs, @Ctx() ctx: RequestContext, @Arg("connector", () => String, { nullable: true }) connector?: string | null) {
    const { limit, afterId } = pageWindow(page, ctx);
    return DeadLetterConnection.from(await ctx.connectors.deadLetters.page(connector ?? null, scopeOf(ctx.principal!), afterId, limit), afterId);
  }

  @Authorized(Role.INTEGRATION)
  @Mutation(() => DeadLetterReplay, { description: "Hands a dead letter to its connector once more" })
  replayDeadLetter(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return ctx.connectors.replay(idOf("DeadLetter", id), scopeOf(ctx.principal!));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => DeadLetter, { description: "Drops a dead letter for good (it stays in the audit log)" })
  discardDeadLetter(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return ctx.connectors.deadLetters.discard(idOf("DeadLetter", id), ctx.principal!);
  }
}
