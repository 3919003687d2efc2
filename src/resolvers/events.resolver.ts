import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver, Root, Subscription, type SubscribeResolverData } from "type-graphql";
import { hasAnyRole } from "../auth/principal";
import { PLANNING, READ, Role } from "../auth/roles";
import { canSee, scopeOf } from "../auth/warehouse-scope";
import type { RequestContext } from "../context";
import { DomainError } from "../domain/shared/domain-error";
import { EventScope } from "../events/event-scope";
import { abortable, eventStream } from "../events/event-stream";
import type { HubEvent, Topic, Topics } from "../events/topics";
import { Connection, PageArgs } from "../schema/connection";
import { AlarmClearedEvent, AlarmRaisedEvent } from "../schema/device.types";
import { Exception, ExceptionFilter, ExceptionRaisedEvent, MrpProgressEvent, StockLowEvent } from "../schema/event.types";
import { idOf, keyOf, optionalNamedIn, optionalOrderIn, type Ref } from "../domain/shared/ref";
import { notFound } from "../domain/shared/domain-error";
import * as refs from "../domain/stock/stock-refs";
import { workOrderBy } from "../domain/work-orders/work-order.queries";
import { pageWindow } from "./page";

const ExceptionConnection = Connection(Exception);
type ExceptionConnection = InstanceType<typeof ExceptionConnection>;

/**
 * Subscriptions stream outbox events; `afterEventId` replays what a client missed while disconnected.
 * Roles are checked when subscribing, before any event flows; an identity limited to some warehouses
 * hears only of events of those (and of events that belong to no warehouse).
 */
export function subscribeTo(
  topic: Topic,
  roles: readonly Role[],
  keep: (payload: any, args: any) => boolean = () => true,
  /** where a subscription without afterEventId starts: undefined = live events only */
  defaultAfter: (args: any) => number | undefined = () => undefined,
) {
  return ({ context, args }: SubscribeResolverData<unknown, Record<string, any>, RequestContext>) => {
    if (!context.principal) throw new DomainError("UNAUTHENTICATED", "authentication required");
    if (!hasAnyRole(context.principal, roles)) throw new DomainError("FORBIDDEN", `this needs one of the roles ${roles.join(", ")}`);
    const after = args.afterEventId === undefined || args.afterEventId === null ? defaultAfter(args) : Number(args.afterEventId);
    if (after !== undefined && !Number.isSafeInteger(after)) throw new DomainError("BAD_USER_INPUT", "afterEventId must be an event id");
    const { bus, db } = context.services.events;
    const scope = scopeOf(context.principal);
    const events = new EventScope(db.sql);
    return abortable(async function* (signal) {
      for await (const e of eventStream(bus, db.sql, topic, after, signal)) if (keep(e.payload, args) && (await events.visibleTo(scope, topic, e.payload))) yield e;
    });
  };
}

export const flatten = <T extends Topic>(e: HubEvent<T>) => ({ ...(e.payload as Topics[T]), eventId: e.id, createdAt: e.createdAt });

@Resolver()
export class EventsResolver {
  @Authorized(...READ)
  @Subscription(() => ExceptionRaisedEvent, { subscribe: subscribeTo("exception.raised", READ, (p, a) => !a.types?.length || a.types.includes(p.type)) })
  exceptionRaised(
    @Root() e: HubEvent<"exception.raised">,
    @Arg("types", () => [String], { nullable: true, description: "only these exception types" }) _types?: string[],
    @Arg("afterEventId", () => ID, { nullable: true }) _after?: string,
  ) {
    return flatten(e);
  }

  @Authorized(...READ)
  @Subscription(() => StockLowEvent, { subscribe: subscribeTo("stock.low", READ, (p, a) => !a.warehouseCode || p.warehouseCode === a.warehouseCode) })
  stockLow(
    @Root() e: HubEvent<"stock.low">,
    @Arg("warehouseCode", () => String, { nullable: true }) _warehouseCode?: string,
    @Arg("afterEventId", () => ID, { nullable: true }) _after?: string,
  ) {
    return flatten(e);
  }

  @Authorized(...READ)
  @Subscription(() => MrpProgressEvent, { subscribe: subscribeTo("mrp.progress", READ, (p, a) => !a.runId || String(p.runId) === String(a.runId)) })
  mrpRunProgress(
    @Root() e: HubEvent<"mrp.progress">,
    @Arg("runId", () => ID, { nullable: true }) _runId?: string,
    @Arg("afterEventId", () => ID, { nullable: true }) _after?: string,
  ) {
    return flatten(e);
  }

  @Authorized(...READ)
  @Subscription(() => AlarmRaisedEvent, { subscribe: subscribeTo("alarm.raised", READ, (p, a) => !a.warehouseCode || p.warehouseCode === a.warehouseCode) })
  alarmRaised(
    @Root() e: HubEvent<"alarm.raised">,
    @Arg("warehouseCode", () => String, { nullable: true }) _warehouseCode?: string,
    @Arg("afterEventId", () => ID, { nullable: true }) _after?: string,
  ) {
    return flatten(e);
  }

  @Authorized(...READ)
  @Subscription(() => AlarmClearedEvent, { subscribe: subscribeTo("alarm.cleared", READ, (p, a) => !a.warehouseCode || p.warehouseCode === a.warehouseCode) })
  alarmCleared(
    @Root() e: HubEvent<"alarm.cleared">,
    @Arg("warehouseCode", () => String, { nullable: true }) _warehouseCode?: string,
    @Arg("afterEventId", () => ID, { nullable: true }) _after?: string,
  ) {
    return flatten(e);
  }

  @Authorized(...READ)
  @Query(() => ExceptionConnection, { description: "The exception inbox, oldest first" })
  async exceptions(
    @Args() page: PageArgs,
    @Arg("filter", () => ExceptionFilter, { nullable: true }) filter: ExceptionFilter | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<ExceptionConnection> {
    const { limit, afterId } = pageWindow(page, ctx);
    const f = filter ?? {};
    const material = optionalNamedIn("Material", f, "material");
    const workOrder = optionalOrderIn("WorkOrder", f, "workOrder");
    const result = await ctx.services.exceptions.page(
      { types: f.types, statuses: f.statuses, materialId: material && (await materialIdOf(ctx, material)), workOrderId: workOrder && (await workOrderIdOf(ctx, workOrder)) },
      scopeOf(ctx.principal!),
      afterId,
      limit,
    );
    return ExceptionConnection.from(result, afterId);
  }

  @Authorized(Role.STOREKEEPER, Role.PLANNER)
  @Mutation(() => Exception, { description: "Marks an open exception as seen" })
  acknowledgeException(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return ctx.services.exceptions.setStatus(idOf("Exception", id), "ACKNOWLEDGED", ctx.principal!);
  }

  @Authorized(...PLANNING)
  @Mutation(() => Exception)
  resolveException(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return ctx.services.exceptions.setStatus(idOf("Exception", id), "RESOLVED", ctx.principal!);
  }
}

/** An id filters as given; a code is looked up (NOT_FOUND when nothing has it). */
const materialIdOf = async (ctx: RequestContext, ref: Ref) =>
  "id" in ref ? ref.id : (await refs.material(ctx.services.db.sql, ref, { archived: true })).id;

const workOrderIdOf = async (ctx: RequestContext, ref: Ref) => {
  if ("id" in ref) return ref.id;
  const wo = await workOrderBy(ctx.services.db.sql, ref);
  if (!wo || !canSee(ctx.principal!, wo.warehouseCode)) throw notFound("WorkOrder", keyOf(ref));
  return wo.id;
};
