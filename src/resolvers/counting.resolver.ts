import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { MASTER_DATA, READ, Role, STOCK } from "../auth/roles";
import { scopeOf } from "../auth/warehouse-scope";
import type { RequestContext } from "../context";
import type { CountLineView, CountResult, CountSessionRow, DueLocation, RfidReadsResult as ReadsRow } from "../domain/counting";
import { refOf } from "../domain/shared/ref";
import { PageArgs } from "../schema/connection";
import {
  CountDueByClass, CountDueLocation, CountLine, CountSession, CountSessionConnection, CountSessionResult, CountSessionStatus, CreateCountSessionInput, EpcMapping,
  EpcMappingInput, GtinMapping, GtinMappingInput, RecordCountInput, RfidReadsInput, RfidReadsResult,
} from "../schema/counting.types";
import { Location, Lot, Warehouse } from "../schema/inventory.types";
import { Material } from "../schema/material.types";
import { StockLedgerEntry } from "../schema/stock.types";
import { pageWindow } from "./page";

const KEY = { nullable: true, description: "retries with the same key return the first result instead of running again" };
const COUNTERS = [...STOCK, Role.PLANNER] as const;
type SessionArg = string | undefined;

@Resolver(() => CountSession)
export class CountingResolver {
  @Authorized(...READ)
  @Query(() => CountSession, { description: "A count session by id or number (another warehouse's is NOT_FOUND)" })
  countSession(@Arg("id", () => ID, { nullable: true }) id: SessionArg, @Arg("number", () => String, { nullable: true }) number: SessionArg, @Ctx() ctx: RequestContext) {
    return ctx.services.counting.session({ id, number }, ctx.principal!);
  }

  @Authorized(...READ)
  @Query(() => CountSessionConnection, { description: "Count sessions in id order (Relay), of one warehouse or of all the caller's" })
  async countSessions(
    @Args() page: PageArgs,
    @Arg("warehouseId", () => ID, { nullable: true }) warehouseId: string | undefined,
    @Arg("warehouseCode", () => String, { nullable: true }) warehouseCode: string | undefined,
    @Arg("status", () => CountSessionStatus, { nullable: true }) status: CountSessionStatus | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<CountSessionConnection> {
    const { limit, afterId } = pageWindow(page, ctx);
    const warehouse = warehouseId == null && warehouseCode == null ? undefined : refOf("Warehouse", "warehouse", { id: warehouseId, code: warehouseCode });
    const code = await ctx.services.sites.codeToFilter(warehouse, ctx.principal!);
    return CountSessionConnection.from(await ctx.services.counting.sessions({ warehouseCode: code, status }, scopeOf(ctx.principal!), afterId, limit), afterId);
  }

  @Authorized(...READ)
  @Query(() => [CountDueLocation], { description: "Locations due for counting today: by the best ABC class they hold, every classificationSettings.countEveryDays (else COUNT_EVERY_DAYS_A/B/C) days; A first" })
  locationsDueForCount(
    @Arg("warehouseId", () => ID, { nullable: true }) warehouseId: string | undefined,
    @Arg("warehouseCode", () => String, { nullable: true }) warehouseCode: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.counting.dueLocations(refOf("Warehouse", "warehouse", { id: warehouseId, code: warehouseCode }), ctx.principal!);
  }

  @Authorized(...READ)
  @Query(() => [CountDueByClass], { description: "Per ABC class (A, B, C): days between counts and locations due today, for ABC_CLASS count sessions" })
  countDueByClass(
    @Arg("warehouseId", () => ID, { nullable: true }) warehouseId: string | undefined,
    @Arg("warehouseCode", () => String, { nullable: true }) warehouseCode: string | undefined,
    @Ctx() ctx: RequestContext,
  ) {
    return ctx.services.counting.dueByClass(refOf("Warehouse", "warehouse", { id: warehouseId, code: warehouseCode }), ctx.principal!);
  }

  @Authorized(Role.PLANNER)
  @Mutation(() => CountSessionResult, { description: "A count of the warehouse, a zone (location code prefix), some locations, or the locations of an ABC class due for counting" })
  createCountSession(@Arg("input") input: CreateCountSessionInput, @Arg("idempotencyKey", () => String, KEY) key: string | undefined, @Ctx() ctx: RequestContext) {
    return ctx.services.counting.create(input, ctx.principal!, key);
  }

  @Authorized(...COUNTERS)
  @Mutation(() => CountSessionResult, { description: "OPEN → COUNTING: the session's locations take no stock movements until it is approved or cancelled" })
  startCountSession(@Arg("id", () => ID, { nullable: true }) id: SessionArg, @Arg("number", () => String, { nullable: true }) number: SessionArg, @Arg("idempotencyKey", () => String, KEY) key: string | undefined, @Ctx() ctx: RequestContext) {
    return ctx.services.counting.start({ id, number }, ctx.principal!, key);
  }

  @Authorized(...COUNTERS)
  @Mutation(() => CountSessionResult, { description: "A counted quantity (by hand): replaces what was entered before for that material and lot there" })
  recordCount(@Arg("input") input: RecordCountInput, @Arg("idempotencyKey", () => String, KEY) key: string | undefined, @Ctx() ctx: RequestContext) {
    return ctx.services.counting.recordCount(input, ctx.principal!, key);
  }

  @Authorized(...COUNTERS)
  @Mutation(() => RfidReadsResult, { description: "A bulk RFID read at a location: each EPC counts one unit, once per session" })
  recordRfidReads(@Arg("input") input: RfidReadsInput, @Arg("idempotencyKey", () => String, KEY) key: string | undefined, @Ctx() ctx: RequestContext) {
    return ctx.services.counting.recordReads(input, ctx.principal!, key);
  }

  @Authorized(...COUNTERS)
  @Mutation(() => CountSessionResult, { description: "Counting done: lines beyond the tolerance are asked to be recounted (stays COUNTING), else REVIEW" })
  submitCountSession(@Arg("id", () => ID, { nullable: true }) id: SessionArg, @Arg("number", () => String, { nullable: true }) number: SessionArg, @Arg("idempotencyKey", () => String, KEY) key: string | undefined, @Ctx() ctx: RequestContext) {
    return ctx.services.counting.submit({ id, number }, ctx.principal!, key);
  }

  @Authorized(Role.PLANNER)
  @Mutation(() => CountSessionResult, { description: "REVIEW → APPROVED: posts each difference to the ledger (COUNT, reason CYCLE_COUNT) and records the count's accuracy; once" })
  approveCountSession(@Arg("id", () => ID, { nullable: true }) id: SessionArg, @Arg("number", () => String, { nullable: true }) number: SessionArg, @Arg("idempotencyKey", () => String, KEY) key: string | undefined, @Ctx() ctx: RequestContext) {
    return ctx.services.counting.approve({ id, number }, ctx.principal!, key);
  }

  @Authorized(Role.PLANNER)
  @Mutation(() => CountSessionResult, { description: "Ends a count that is not approved; nothing is posted, its locations take movements again" })
  cancelCountSession(@Arg("id", () => ID, { nullable: true }) id: SessionArg, @Arg("number", () => String, { nullable: true }) number: SessionArg, @Arg("idempotencyKey", () => String, KEY) key: string | undefined, @Ctx() ctx: RequestContext) {
    return ctx.services.counting.cancel({ id, number }, ctx.principal!, key);
  }

  @Authorized(...MASTER_DATA)
  @Mutation(() => EpcMapping, { description: "The material (and lot) of an RFID tag whose EPC does not name it" })
  mapEpc(@Arg("input") input: EpcMappingInput, @Arg("idempotencyKey", () => String, KEY) key: string | undefined, @Ctx() ctx: RequestContext) {
    return ctx.services.counting.mapEpc(input, ctx.principal!, key);
  }

  @Authorized(...MASTER_DATA)
  @Mutation(() => GtinMapping, { description: "The material of a GTIN, for SGTIN-96 tags" })
  mapGtin(@Arg("input") input: GtinMappingInput, @Arg("idempotencyKey", () => String, KEY) key: string | undefined, @Ctx() ctx: RequestContext) {
    return ctx.services.counting.mapGtin(input, ctx.principal!, key);
  }

  @FieldResolver(() => Warehouse)
  warehouse(@Root() s: CountSessionRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.warehouse.load(s.warehouseId);
  }

  @FieldResolver(() => [Location], { description: "the locations it counts" })
  async locations(@Root() s: CountSessionRow, @Ctx() ctx: RequestContext) {
    return ctx.loaders.location.loadMany(await ctx.services.counting.locationIdsOf(s.id));
  }

  @FieldResolver(() => [CountLine], { description: "counted lines; from submission on also the book's lines nobody counted" })
  lines(@Root() s: CountSessionRow, @Ctx() ctx: RequestContext) {
    return ctx.services.counting.lines(s, ctx.principal!);
  }
}

@Resolver(() => CountLine)
export class CountLineResolver {
  @FieldResolver(() => Location)
  location(@Root() l: CountLineView, @Ctx() ctx: RequestContext) {
    return ctx.loaders.location.load(l.locationId);
  }

  @FieldResolver(() => Material)
  material(@Root() l: CountLineView, @Ctx() ctx: RequestContext) {
    return ctx.loaders.material.load(l.materialId);
  }

  @FieldResolver(() => Lot, { nullable: true })
  lot(@Root() l: CountLineView, @Ctx() ctx: RequestContext) {
    return l.lotId === null ? null : ctx.loaders.lot.load(l.lotId);
  }
}

@Resolver(() => CountSessionResult)
export class CountSessionResultResolver {
  @FieldResolver(() => CountSession)
  countSession(@Root() r: CountResult, @Ctx() ctx: RequestContext) {
    return ctx.services.counting.session({ id: r.countSessionId }, ctx.principal!);
  }

  @FieldResolver(() => [StockLedgerEntry], { description: "approve: the differences posted" })
  async entries(@Root() r: CountResult, @Ctx() ctx: RequestContext) {
    return (await ctx.loaders.ledgerEntry.loadMany(r.entryIds)).filter((e) => e && !(e instanceof Error));
  }

  @FieldResolver(() => Int, { description: "submit: lines asked to be counted again (the session stays COUNTING)" })
  recountLines(@Root() r: CountResult) {
    return r.recountLines ?? 0;
  }
}

@Resolver(() => RfidReadsResult)
export class RfidReadsResultResolver {
  @FieldResolver(() => CountSession)
  countSession(@Root() r: ReadsRow, @Ctx() ctx: RequestContext) {
    return ctx.services.counting.session({ id: r.countSessionId }, ctx.principal!);
  }
}

@Resolver(() => CountDueLocation)
export class CountDueLocationResolver {
  @FieldResolver(() => Location)
  location(@Root() d: DueLocation, @Ctx() ctx: RequestContext) {
    return ctx.loaders.location.load(d.locationId);
  }
}

@Resolver(() => EpcMapping)
export class EpcMappingResolver {
  @FieldResolver(() => Material)
  material(@Root() m: { materialId: number }, @Ctx() ctx: RequestContext) {
    return ctx.loaders.material.load(m.materialId);
  }

  @FieldResolver(() => Lot, { nullable: true })
  lot(@Root() m: { lotId: number | null }, @Ctx() ctx: RequestContext) {
    return m.lotId === null ? null : ctx.loaders.lot.load(m.lotId);
  }
}

@Resolver(() => GtinMapping)
export class GtinMappingResolver {
  @FieldResolver(() => Material)
  material(@Root() m: { materialId: number }, @Ctx() ctx: RequestContext) {
    return ctx.loaders.material.load(m.materialId);
  }
}
