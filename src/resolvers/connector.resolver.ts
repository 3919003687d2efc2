import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver, Root, Subscription, type SubscribeResolverData } from "type-graphql";
import { READ, Role } from "../auth/roles";
import { scopeOf } from "../auth/warehouse-scope";
import type { RequestContext } from "../context";
import { PageArgs } from "../schema/connection";
import { ConnectorHealth, DeadLetter, DeadLetterConnection, DeadLetterReplay } from "../schema/connector.types";
import { idOf } from "../domain/shared/ref";
import { assertMaySubscribe } from "./events.resolver";
import { pageWindow } from "./page";

type ConnectorHealthRow = ReturnType<RequestContext["connectors"]["health"]>[number];

// the last error may be about any warehouse's message: only identities limited to none read it
const asSeenBy = (ctx: RequestContext, h: ConnectorHealthRow) => (scopeOf(ctx.principal!) === null ? h : { ...h, lastError: null });

@Resolver()
export class ConnectorResolver {
  @Authorized(...READ)
  @Query(() => [ConnectorHealth], { description: "The configured connectors and their health" })
  connectors(@Ctx() ctx: RequestContext) {
    return ctx.connectors.health().map((h) => asSeenBy(ctx, h));
  }

  @Authorized(...READ)
  @Subscription(() => ConnectorHealth, {
    description: "A connector's health each time its state changes or a message fails (this hub's connectors, as `connectors`); successes in a steady state push nothing",
    subscribe: ({ context }: SubscribeResolverData<unknown, object, RequestContext>) => {
      assertMaySubscribe(context, READ);
      return context.connectors.changes();
    },
  })
  connectorHealthChanged(@Root() h: ConnectorHealthRow, @Ctx() ctx: RequestContext) {
    return asSeenBy(ctx, h);
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
