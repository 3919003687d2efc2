import { Arg, Authorized, ID, Resolver, Root, Subscription, type SubscribeResolverData } from "type-graphql";
import { hasAnyRole } from "../auth/principal";
import { READ, type Role } from "../auth/roles";
import { scopeOf } from "../auth/warehouse-scope";
import type { RequestContext } from "../context";
import { DomainError } from "../domain/shared/domain-error";
import type { HubEvent, Topic, Topics } from "../events";

export type { HubEvent };
import { AlarmClearedEvent, AlarmRaisedEvent, SensorReadingsEvent } from "../schema/device.types";
import { MrpProgressEvent, StockChangedEvent, StockLowEvent, WorkOrderChangedEvent } from "../schema/event.types";
import { WorkOrderStatus } from "../schema/work-order.types";
import { ForecastProgressEvent } from "../schema/forecast.types";
import { optionalRefOf } from "../domain/shared/ref";

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
  /** the arguments as `keep` sees them, once the caller may subscribe (e.g. a warehouse id turned into its code) */
  resolveArgs: (args: Record<string, any>, context: RequestContext) => Promise<Record<string, any>> = async (args) => args,
) {
  return async ({ context, args }: SubscribeResolverData<unknown, Record<string, any>, RequestContext>) => {
    assertMaySubscribe(context, roles);
    const after = args.afterEventId === undefined || args.afterEventId === null ? defaultAfter(args) : Number(args.afterEventId);
    if (after !== undefined && !Number.isSafeInteger(after)) throw new DomainError("BAD_USER_INPUT", "afterEventId must be an event id");
    const resolved = await resolveArgs(args, context);
    return context.services.events.stream(topic, after, scopeOf(context.principal), (payload) => keep(payload, resolved));
  };
}

/** Roles are checked when subscribing, before anything flows (the subscription's @Authorized checks each result). */
export function assertMaySubscribe(context: RequestContext, roles: readonly Role[]): asserts context is RequestContext & { principal: NonNullable<RequestContext["principal"]> } {
  if (!context.principal) throw new DomainError("UNAUTHENTICATED", "authentication required");
  if (!hasAnyRole(context.principal, roles)) throw new DomainError("FORBIDDEN", `this needs one of the roles ${roles.join(", ")}`);
}

/**
 * Events of one warehouse, named by `warehouseId` or `warehouseCode` (at most one; none: every warehouse in
 * scope), that `keepAlso` keeps too, with the arguments `resolveAlso` adds.
 */
const subscribeToWarehouse = (
  topic: "stock.low" | "alarm.raised" | "alarm.cleared" | "device.readings" | "stock.changed" | "workOrder.changed",
  keepAlso: (payload: any, args: any) => boolean = () => true,
  resolveAlso: (args: Record<string, any>, context: RequestContext) => Promise<Record<string, unknown>> = async () => ({}),
) =>
  subscribeTo(topic, READ, (p, a) => (!a.warehouseCode || p.warehouseCode === a.warehouseCode) && keepAlso(p, a), undefined, async (args, context) => {
    const warehouse = optionalRefOf("Warehouse", "warehouse", { id: args.warehouseId, code: args.warehouseCode });
    return { ...args, ...(await resolveAlso(args, context)), warehouseCode: await context.services.sites.codeToFilter(warehouse, context.principal!) };
  });

/** A material named by `materialId` or `materialCode` (NOT_FOUND when unknown), as its code. */
const materialCodeOf = async (args: Record<string, any>, context: RequestContext) => {
  const ref = optionalRefOf("Material", "material", { id: args.materialId, code: args.materialCode });
  return { materialCode: ref ? (await context.services.materials.named(ref, { archived: true })).code : undefined };
};

export const flatten = <T extends Topic>(e: HubEvent<T>) => ({ ...(e.payload as Topics[T]), eventId: e.id, createdAt: e.createdAt });

@Resolver()
export class EventsResolver {
  @Authorized(...READ)
  @Subscription(() => StockLowEvent, { subscribe: subscribeToWarehouse("stock.low") })
  stockLow(
    @Root() e: HubEvent<"stock.low">,
    @Arg("warehouseId", () => ID, { nullable: true }) _warehouseId?: string,
    @Arg("warehouseCode", () => String, { nullable: true }) _warehouseCode?: string,
    @Arg("afterEventId", () => ID, { nullable: true }) _after?: string,
  ) {
    // events written before reorder points fell below the safety stock
    return { ...flatten(e), reorderPoint: e.payload.reorderPoint ?? e.payload.safetyStock };
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
  @Subscription(() => ForecastProgressEvent, { subscribe: subscribeTo("forecast.progress", READ, (p, a) => !a.runId || String(p.runId) === String(a.runId)) })
  forecastRunProgress(
    @Root() e: HubEvent<"forecast.progress">,
    @Arg("runId", () => ID, { nullable: true }) _runId?: string,
    @Arg("afterEventId", () => ID, { nullable: true }) _after?: string,
  ) {
    return flatten(e);
  }

  @Authorized(...READ)
  @Subscription(() => AlarmRaisedEvent, { subscribe: subscribeToWarehouse("alarm.raised") })
  alarmRaised(
    @Root() e: HubEvent<"alarm.raised">,
    @Arg("warehouseId", () => ID, { nullable: true }) _warehouseId?: string,
    @Arg("warehouseCode", () => String, { nullable: true }) _warehouseCode?: string,
    @Arg("afterEventId", () => ID, { nullable: true }) _after?: string,
  ) {
    return { ...flatten(e), kind: e.payload.kind ?? "THRESHOLD" };
  }

  @Authorized(...READ)
  @Subscription(() => AlarmClearedEvent, { subscribe: subscribeToWarehouse("alarm.cleared") })
  alarmCleared(
    @Root() e: HubEvent<"alarm.cleared">,
    @Arg("warehouseId", () => ID, { nullable: true }) _warehouseId?: string,
    @Arg("warehouseCode", () => String, { nullable: true }) _warehouseCode?: string,
    @Arg("afterEventId", () => ID, { nullable: true }) _after?: string,
  ) {
    return flatten(e);
  }

  @Authorized(...READ)
  @Subscription(() => SensorReadingsEvent, {
    description: "New readings of a device, in the order stored (about one event per device and second), in a warehouse and of a device if named: live charts",
    subscribe: subscribeToWarehouse("device.readings", (p, a) => !a.deviceCode || p.deviceCode === a.deviceCode, async (args) => ({
      deviceCode: typeof args.deviceCode === "string" ? args.deviceCode.trim().toUpperCase() : undefined,
    })),
  })
  sensorReadingsRecorded(
    @Root() e: HubEvent<"device.readings">,
    @Arg("warehouseId", () => ID, { nullable: true }) _warehouseId?: string,
    @Arg("warehouseCode", () => String, { nullable: true }) _warehouseCode?: string,
    @Arg("deviceCode", () => String, { nullable: true }) _deviceCode?: string,
    @Arg("afterEventId", () => ID, { nullable: true }) _after?: string,
  ) {
    return { ...flatten(e), readings: e.payload.readings.map((r) => ({ ...r, recordedAt: new Date(r.recordedAt) })) };
  }

  @Authorized(...READ)
  @Subscription(() => StockChangedEvent, {
    description: "Stock moved (one event per command, warehouse, material and movement type), in a warehouse and of a material if named",
    subscribe: subscribeToWarehouse("stock.changed", (p, a) => !a.materialCode || p.materialCode === a.materialCode, materialCodeOf),
  })
  stockChanged(
    @Root() e: HubEvent<"stock.changed">,
    @Arg("warehouseId", () => ID, { nullable: true }) _warehouseId?: string,
    @Arg("warehouseCode", () => String, { nullable: true }) _warehouseCode?: string,
    @Arg("materialId", () => ID, { nullable: true }) _materialId?: string,
    @Arg("materialCode", () => String, { nullable: true }) _materialCode?: string,
    @Arg("afterEventId", () => ID, { nullable: true }) _after?: string,
  ) {
    return flatten(e);
  }

  @Authorized(...READ)
  @Subscription(() => WorkOrderChangedEvent, {
    description: "A work order was created, changed status or booked what an operation made; in a warehouse and into a status (`to`) if named",
    subscribe: subscribeToWarehouse("workOrder.changed", (p, a) => !a.status || p.to === a.status),
  })
  workOrderChanged(
    @Root() e: HubEvent<"workOrder.changed">,
    @Arg("warehouseId", () => ID, { nullable: true }) _warehouseId?: string,
    @Arg("warehouseCode", () => String, { nullable: true }) _warehouseCode?: string,
    @Arg("status", () => WorkOrderStatus, { nullable: true }) _status?: WorkOrderStatus,
    @Arg("afterEventId", () => ID, { nullable: true }) _after?: string,
  ) {
    return flatten(e);
  }
}
