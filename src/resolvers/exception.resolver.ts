import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription } from "type-graphql";
import { MASTER_DATA, PLANNING, READ, Role, STOCK } from "../auth/roles";
import { canSee } from "../auth/warehouse-scope";
import type { RequestContext } from "../context";
import type { ExceptionView } from "../domain/exceptions";
import { DomainError, notFound } from "../domain/shared/domain-error";
import { idOf, keyOf, optionalNamedIn, optionalOrderIn, optionalRefOf, type Ref } from "../domain/shared/ref";
import { PageArgs } from "../schema/connection";
import {
  DeviceWorkCenter, EquipmentFailure, EquipmentFailureResult, Exception, ExceptionAction, ExceptionCause, ExceptionConnection, ExceptionFilter, ExceptionLink,
  ExceptionRaisedEvent, ExceptionResponseTime, ExceptionUpdatedEvent, ReportEquipmentFailureInput, SimilarException,
} from "../schema/exception.types";
import { flatten, subscribeTo, type HubEvent } from "./events.resolver";
import { pageWindow } from "./page";

const KEY = { nullable: true, description: "retries with the same key return the first result instead of running again" };
/** Who reports equipment failures and repairs: the floor, planners, and devices or systems. */
const FLOOR = [...STOCK, Role.PLANNER] as const;
const typesOf = (a: { types?: string[] | null }) => (p: { type: string }) => !a.types?.length || a.types.includes(p.type);

/**
 * The exception inbox and knowledge base (src/domain/exceptions): list and search, one exception, similar
 * past cases, response times; acknowledge (planners, and storekeepers for their warehouses' exceptions),
 * assign, set the cause, resolve (planners); equipment failures and repairs (the floor); and the events.
 */
@Resolver(() => Exception)
export class ExceptionResolver {
  @Authorized(...READ)
  @Query(() => ExceptionConnection, { description: "The exception inbox, oldest first, filtered and searched (filter.text: full text)" })
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
      {
        ...f,
        materialId: material && (await materialIdOf(ctx, material)),
        workOrderId: workOrder && (await workOrderIdOf(ctx, workOrder)),
        warehouse: optionalNamedIn("Warehouse", f, "warehouse"),
      },
      ctx.principal!,
      afterId,
      limit,
    );
    return ExceptionConnection.from(result, afterId);
  }

  @Authorized(...READ)
  @Query(() => Exception)
  exception(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext) {
    return ctx.services.exceptions.byId(idOf("Exception", id), ctx.principal!);
  }

  @Authorized(...READ)
  @Query(() => [SimilarException], { description: "Past RESOLVED exceptions like this one (same type; same material, cause or words), best first, with their resolution notes" })
  similarExceptions(@Arg("id", () => ID) id: string, @Arg("first", () => Int, { defaultValue: 5 }) first: number, @Ctx() ctx: RequestContext) {
    if (!Number.isInteger(first) || first < 1) throw new DomainError("BAD_USER_INPUT", "first must be a positive whole number", { field: "first" });
    return ctx.services.exceptions.similar(idOf("Exception", id), ctx.principal!, first);
  }

  @Authorized(...READ)
  @Query(() => [ExceptionResponseTime], { description: "Per type and warehouse, of the exceptions raised in [from, to): counts and minutes to acknowledge and to resolve (median, 90th percentile)" })
  exceptionResponseTimes(
    @Arg("from", () => Date) from: Date,
    @Arg("to", () => Date) to: Date,
    @Arg("warehouseId", () => ID, { nullable: true }) warehouseId: string | undefined,
    @Arg("warehouseCode", () => String, { nullable: true }) warehouseCode: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    const warehouse = optionalRefOf("Warehouse", "warehouse", { id: warehouseId, code: warehouseCode });
    return ctx.services.exceptions.responseTimes({ from, to }, warehouse, ctx.principal!);
  }

  @Authorized(Role.STOREKEEPER, Role.PLANNER)
  @Mutation(() => Exception, { description: "Marks an open exception as seen (storekeepers: exceptions of their warehouses)" })
  acknowledgeException(@Arg("id", () => ID) id: string, @Arg("idempotencyKey", () => String, KEY) key: string | undefined, @Ctx() ctx: RequestContext) {
    return ctx.services.exceptions.acknowledge(idOf("Exception", id), ctx.principal!, key);
  }

  @Authorized(...PLANNING)
  @Mutation(() => Exception, { description: "Gives an exception that is not resolved to someone (a user's id or name)" })
  assignException(
    @Arg("id", () => ID) id: string,
    @Arg("assignee") assignee: string,
    @Arg("idempotencyKey", () => String, KEY) key: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.exceptions.assign(idOf("Exception", id), assignee, ctx.principal!, key);
  }

  @Authorized(...PLANNING)
  @Mutation(() => Exception, { description: "Says why an exception happened (any status: the knowledge base is kept up after the fact)" })
  setExceptionCause(
    @Arg("id", () => ID) id: string,
    @Arg("cause", () => ExceptionCause) cause: ExceptionCause,
    @Arg("causeText", () => String, { nullable: true }) causeText: string | undefined,
    @Arg("idempotencyKey", () => String, KEY) key: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.exceptions.setCause(idOf("Exception", id), cause, causeText, ctx.principal!, key);
  }

  @Authorized(...PLANNING)
  @Mutation(() => Exception, { description: "Closes an exception with what was done (note required unless EXCEPTION_RESOLUTION_NOTE_REQUIRED=false)" })
  resolveException(
    @Arg("id", () => ID) id: string,
    @Arg("note", () => String, { nullable: true }) note: string | undefined,
    @Arg("idempotencyKey", () => String, KEY) key: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.exceptions.resolve(idOf("Exception", id), note, ctx.principal!, key);
  }

  @Authorized(...FLOOR)
  @Mutation(() => EquipmentFailureResult, { description: "A work center (in a warehouse) or an operation cannot run: blocks the operations not finished there and raises an EQUIPMENT exception" })
  async reportEquipmentFailure(
    @Arg("input") input: ReportEquipmentFailureInput,
    @Arg("idempotencyKey", () => String, KEY) key: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<EquipmentFailureResult> {
    const { failure, exceptionId, replayed } = await ctx.services.equipment.reportFailure(input, ctx.principal!, key);
    return { failure, exception: await ctx.services.exceptions.byId(exceptionId, ctx.principal!), replayed } as EquipmentFailureResult;
  }

  @Authorized(...FLOOR)
  @Mutation(() => EquipmentFailureResult, { description: "The failure is repaired: unblocks its operations, and resolves its exception once none of its failures is open" })
  async reportEquipmentRepaired(
    @Arg("id", () => ID, { description: "the equipment failure" }) id: string,
    @Arg("note", () => String, { nullable: true }) note: string | undefined,
    @Arg("idempotencyKey", () => String, KEY) key: string | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<EquipmentFailureResult> {
    const { failure, replayed } = await ctx.services.equipment.reportRepaired(idOf("EquipmentFailure", id), note, ctx.principal!, key);
    return { failure, exception: await ctx.services.exceptions.byId(failure.exceptionId!, ctx.principal!), replayed } as EquipmentFailureResult;
  }

  @Authorized(...MASTER_DATA)
  @Mutation(() => DeviceWorkCenter, { description: "Ties a device to the work center it watches (none: leave workCenterCode out): its CRITICAL alarms report a failure there" })
  setDeviceWorkCenter(
    @Arg("deviceCode") deviceCode: string,
    @Arg("workCenterCode", () => String, { nullable: true }) workCenterCode: string | undefined,
    @Arg("idempotencyKey", () => String, KEY) key: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.equipment.setDeviceWorkCenter(deviceCode, workCenterCode, ctx.principal!, key);
  }

  @Authorized(...READ)
  @Subscription(() => ExceptionRaisedEvent, { subscribe: subscribeTo("exception.raised", READ, (p, a) => typesOf(a)(p)) })
  exceptionRaised(
    @Root() e: HubEvent<"exception.raised">,
    @Arg("types", () => [String], { nullable: true, description: "only these exception types" }) _types?: string[],
    @Arg("afterEventId", () => ID, { nullable: true }) _after?: string,
  ) {
    return flatten(e);
  }

  @Authorized(...READ)
  @Subscription(() => ExceptionUpdatedEvent, {
    description: "Something was done about an exception: acknowledged, assigned, cause set, resolved, an action recorded",
    subscribe: subscribeTo("exception.updated", READ, (p, a) => typesOf(a)(p) && (a.exceptionId == null || String(p.exceptionId) === String(a.exceptionId))),
  })
  exceptionUpdated(
    @Root() e: HubEvent<"exception.updated">,
    @Arg("types", () => [String], { nullable: true, description: "only exceptions of these types" }) _types?: string[],
    @Arg("exceptionId", () => ID, { nullable: true, description: "only this exception" }) _exceptionId?: string,
    @Arg("afterEventId", () => ID, { nullable: true }) _after?: string,
  ) {
    return flatten(e);
  }

  @FieldResolver(() => [ExceptionAction], { description: "what was done about it, oldest first" })
  actions(@Root() e: ExceptionView, @Ctx() ctx: RequestContext) {
    return ctx.loaders.exceptionActions.load(e.id);
  }

  @FieldResolver(() => [ExceptionLink], { description: "the orders, lots, devices… it concerns" })
  links(@Root() e: ExceptionView, @Ctx() ctx: RequestContext) {
    return ctx.loaders.exceptionLinks.load(e.id);
  }

  @FieldResolver(() => [EquipmentFailure], { description: "an EQUIPMENT exception's failures (reportEquipmentRepaired takes their id)" })
  equipmentFailures(@Root() e: ExceptionView, @Ctx() ctx: RequestContext) {
    return ctx.loaders.exceptionFailures.load(e.id);
  }
}

/** An id filters as given; a code is looked up (NOT_FOUND when nothing has it). */
const materialIdOf = async (ctx: RequestContext, ref: Ref) =>
  "id" in ref ? ref.id : (await ctx.services.materials.named(ref, { archived: true })).id;

const workOrderIdOf = async (ctx: RequestContext, ref: Ref) => {
  if ("id" in ref) return ref.id;
  const wo = await ctx.services.workOrders.byRef(ref);
  if (!wo || !canSee(ctx.principal!, wo.warehouseCode)) throw notFound("WorkOrder", keyOf(ref));
  return wo.id;
};
