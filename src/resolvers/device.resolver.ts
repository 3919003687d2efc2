import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import { MASTER_DATA, READ } from "../auth/roles";
import { scopeOf } from "../auth/warehouse-scope";
import type { RequestContext } from "../context";
import type { DeviceView, ThresholdView } from "../domain/devices";
import { optionalRefOf } from "../domain/shared/ref";
import { Device, DeviceKind, RegisterDeviceInput, SensorReadingPoint, SensorThreshold, SetSensorThresholdInput } from "../schema/device.types";
import type { Severity } from "../schema/event.types";

const toThreshold = (t: ThresholdView): SensorThreshold => ({ ...t, severity: t.severity as Severity });
export const toDevice = (d: DeviceView): Device => ({ ...d, kind: d.kind as DeviceKind, thresholds: d.thresholds.map(toThreshold) });

@Resolver()
export class DeviceResolver {
  @Authorized(...READ)
  @Query(() => [Device], { description: "Registered sensors and readers, by code" })
  async devices(
    @Ctx() ctx: RequestContext,
    @Arg("warehouseId", () => ID, { nullable: true }) warehouseId?: string | null,
    @Arg("warehouseCode", () => String, { nullable: true }) warehouseCode?: string | null,
    @Arg("kind", () => DeviceKind, { nullable: true }) kind?: DeviceKind | null,
  ) {
    const warehouse = optionalRefOf("Warehouse", "warehouse", { id: warehouseId, code: warehouseCode });
    const code = await ctx.services.sites.codeToFilter(warehouse, ctx.principal!);
    return (await ctx.services.devices.list({ warehouseCode: code, kind }, scopeOf(ctx.principal!))).map(toDevice);
  }

  @Authorized(...READ)
  @Query(() => [SensorReadingPoint], { description: "A device's latest readings (of one metric, since a time, if named), oldest first: a chart's points" })
  sensorReadings(
    @Ctx() ctx: RequestContext,
    @Arg("deviceCode") deviceCode: string,
    @Arg("metric", () => String, { nullable: true }) metric?: string | null,
    @Arg("from", () => Date, { nullable: true, description: "at or after" }) from?: Date | null,
    @Arg("first", () => Int, { defaultValue: 200, description: "how many of the latest (1 to MAX_PAGE_SIZE)" }) first = 200,
  ) {
    return ctx.services.devices.readings({ deviceCode, metric, from, last: first }, scopeOf(ctx.principal!), ctx.config.limits.maxPageSize);
  }

  @Authorized(...MASTER_DATA)
  @Mutation(() => Device, { description: "Registers a device, or updates the one with that code; the hub only takes messages from registered devices" })
  async registerDevice(@Arg("input") input: RegisterDeviceInput, @Ctx() ctx: RequestContext) {
    return toDevice(await ctx.services.devices.register(input, ctx.principal!));
  }

  @Authorized(...MASTER_DATA)
  @Mutation(() => SensorThreshold, { description: "Sets the range of a device's metric (low, high or both); readings outside it raise an alarm" })
  async setSensorThreshold(@Arg("input") input: SetSensorThresholdInput, @Ctx() ctx: RequestContext) {
    return toThreshold(await ctx.services.devices.setThreshold(input, ctx.principal!));
  }
}
