import { GraphQLJSONObject } from "graphql-scalars";
import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { DateScalar, DecimalScalar } from "./scalars";
import { Node } from "./node";

export enum PlanningBucket { DAY = "DAY", WEEK = "WEEK" }
export enum MrpRunStatus { QUEUED = "QUEUED", RUNNING = "RUNNING", COMPLETED = "COMPLETED", FAILED = "FAILED" }
export enum MrpRunPhase { LOADING = "LOADING", PLANNING = "PLANNING", PERSISTING = "PERSISTING" }
export enum SupplyKind { PLANNED_ORDER = "PLANNED_ORDER", PURCHASE_SUGGESTION = "PURCHASE_SUGGESTION" }
export enum SuggestionStatus { SUGGESTED = "SUGGESTED", RELEASED = "RELEASED", CANCELLED = "CANCELLED" }
export enum DemandSource { MPS = "MPS", SALES_ORDER = "SALES_ORDER", FORECAST = "FORECAST" }
registerEnumType(PlanningBucket, { name: "PlanningBucket" });
registerEnumType(MrpRunStatus, { name: "MrpRunStatus", description: "QUEUED → RUNNING → COMPLETED or FAILED" });
registerEnumType(MrpRunPhase, { name: "MrpRunPhase", description: "What a RUNNING run is doing" });
registerEnumType(SupplyKind, { name: "SupplyKind", description: "PLANNED_ORDER: make (becomes a work order); PURCHASE_SUGGESTION: buy" });
registerEnumType(SuggestionStatus, { name: "SuggestionStatus" });
registerEnumType(DemandSource, { name: "DemandSource" });

@ObjectType({ implements: Node, description: "Independent demand MRP plans for: an MPS line, sales order or forecast" })
export class MpsLine {
  @Field(() => ID) id!: number;
  @Field(() => ID) materialId!: number;
  @Field(() => ID) warehouseId!: number;
  @Field(() => DecimalScalar) quantity!: string;
  @Field() dueDate!: Date;
  @Field({ description: "due before today (UTC): taken as demand, but already late" }) pastDue!: boolean;
  @Field(() => DemandSource, { description: "SALES_ORDER lines consume the FORECAST of their planning bucket (MRP plans the larger); MPS lines add up" })
  source!: DemandSource;
  @Field(() => String, { nullable: true }) reference!: string | null;
  @Field() createdAt!: Date;
  @Field() createdBy!: string;
}

/** A listing's warehouse and material, each by id or code (one of each pair at most). */
@ArgsType()
export class PlanFilterArgs {
  @Field(() => ID, { nullable: true }) warehouseId?: string;
  @Field(() => String, { nullable: true }) warehouseCode?: string;
  @Field(() => ID, { nullable: true }) materialId?: string;
  @Field(() => String, { nullable: true }) materialCode?: string;
}

@InputType()
export class MpsLineInput {
  @Field(() => ID, { nullable: true }) materialId?: string;
  @Field(() => String, { nullable: true }) materialCode?: string;
  @Field(() => ID, { nullable: true }) warehouseId?: string;
  @Field(() => String, { nullable: true }) warehouseCode?: string;
  @Field(() => DecimalScalar) quantity!: string;
  @Field(() => DateScalar) dueDate!: Date;
  @Field(() => DemandSource, { nullable: true, defaultValue: DemandSource.MPS }) source?: DemandSource;
  @Field(() => String, { nullable: true, description: "the ERP's document number" }) reference?: string | null;
}

@ObjectType({ implements: Node })
export class MrpRun {
  @Field(() => ID) id!: number;
  @Field(() => MrpRunStatus) status!: MrpRunStatus;
  @Field({ description: "its plan is the one readers see for its warehouse" }) isCurrent!: boolean;
  @Field(() => ID, { nullable: true }) warehouseId!: number | null;
  @Field(() => PlanningBucket) bucket!: PlanningBucket;
  @Field(() => Int) horizonDays!: number;
  @Field(() => GraphQLJSONObject) parameters!: unknown;
  @Field(() => MrpRunPhase, { nullable: true, description: "set while RUNNING only" }) phase!: MrpRunPhase | null;
  @Field(() => Int, { description: "0 to 100" }) progress!: number;
  @Field(() => GraphQLJSONObject, { description: "materials, plannedOrders, purchaseSuggestions, pegs, exceptions, demands; a one-warehouse run also exceptionsRaised (new rows) and exceptionsKept (still open from the plan before)" }) counts!: unknown;
  @Field(() => GraphQLJSONObject, { description: "loadMs, computeMs, persistMs, totalMs; a one-warehouse run also persist's split: persistCompareMs (the exceptions' comparison, beside the writes), persistWritesMs, persistAnalyseMs (the plan tables' statistics refreshed), persistSwitchMs, and the writes' connection time per part (persistExceptionsMs, persistPlannedOrdersMs, persistPurchaseSuggestionsMs)" }) timings!: unknown;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => Date, { nullable: true }) startedAt!: Date | null;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
  @Field(() => Date, {
    nullable: true,
    description: "when net-change planning last brought this (current) plan up to date with stock, demand and supply changes; null: not since the run",
  })
  netChangeAt!: Date | null;
  @Field() createdBy!: string;
  @Field(() => ID, { nullable: true, description: "a run of several warehouses: the id of its first run, on each of its runs (see groupRuns)" }) groupId!: number | null;
  @Field(() => Date, {
    nullable: true,
    description:
      "when this superseded run was purged (MRP_KEEP_RUNS): its planned orders, purchase suggestions and planned transfers not released were deleted; the run, its exceptions and its released rows are kept. Null: its plan is whole",
  })
  purgedAt!: Date | null;
}

@InputType()
export class MrpRunInput {
  @Field(() => ID, { nullable: true }) warehouseId?: string;
  @Field(() => String, { nullable: true }) warehouseCode?: string;
  @Field(() => [String], {
    nullable: true,
    description: "several warehouses planned together (instead of one): shortages covered first by planned transfers along their transit lanes; one run per warehouse, the first returned",
  })
  warehouseCodes?: string[] | null;
  @Field(() => PlanningBucket, { defaultValue: PlanningBucket.WEEK }) bucket!: PlanningBucket;
  @Field(() => Int, { description: "number of buckets: at most 366 days or 104 weeks" }) horizonBuckets!: number;
  @Field(() => DateScalar, { nullable: true, description: "first day of the plan (default today, UTC)" }) startDate?: Date | null;
}

@ObjectType({ description: "How much of a planned supply serves which demand" })
export class Peg {
  @Field(() => ID, { nullable: true, description: "the MPS line served; negative ids are a what-if's extra demand" }) mpsLineId!: number | null;
  @Field(() => String, { nullable: true, description: "SAFETY_STOCK, RESERVED or LOT_SIZE when no MPS line is served; FORECAST for the computed forecast (see forecasts); TRANSFER for a planned transfer out of the warehouse (see plannedTransfers)" }) pseudoDemand!: string | null;
  @Field(() => DecimalScalar) quantity!: string;
}

@ObjectType({ implements: Node, description: "A planned order (make) or purchase suggestion (buy) of the current plan" })
export class PlannedSupply {
  @Field(() => ID) id!: number;
  @Field(() => SupplyKind) kind!: SupplyKind;
  @Field(() => ID) mrpRunId!: number;
  @Field(() => ID) materialId!: number;
  @Field(() => ID) warehouseId!: number;
  @Field(() => DecimalScalar) quantity!: string;
  @Field({ description: "when to release it: order date for a purchase, start for production" }) releaseDate!: Date;
  @Field() dueDate!: Date;
  @Field(() => SuggestionStatus) status!: SuggestionStatus;
  @Field(() => String, { nullable: true, description: "a purchase suggestion's supplier: the material's preferred supplier when planned" }) supplierCode!: string | null;
}

@ObjectType({ description: "Stock a multi-warehouse run plans to move from a source's surplus to a destination's shortage, before anything is bought" })
export class PlannedTransfer {
  @Field(() => ID) id!: number;
  @Field(() => ID, { description: "the destination's run: the transfer is part of its plan" }) mrpRunId!: number;
  @Field(() => ID) materialId!: number;
  @Field(() => ID) fromWarehouseId!: number;
  @Field(() => ID) toWarehouseId!: number;
  @Field(() => DecimalScalar) quantity!: string;
  @Field({ description: "when it must leave the source: dueDate − transitDays" }) shipDate!: Date;
  @Field({ description: "when the destination needs it" }) dueDate!: Date;
  @Field(() => Int) transitDays!: number;
  @Field(() => SuggestionStatus) status!: SuggestionStatus;
  @Field(() => ID, { nullable: true, description: "the transfer order it was released into" }) transferOrderId!: number | null;
}

@ObjectType()
export class ReleasedTransferOrder {
  @Field(() => ID) transferOrderId!: number;
  @Field() number!: string;
  @Field({ description: "true when this answers a retried request" }) replayed!: boolean;
}

@ObjectType({ description: "A supply of a what-if plan (not stored)" })
export class SupplyPreview {
  @Field(() => SupplyKind) kind!: SupplyKind;
  @Field(() => ID) materialId!: number;
  @Field(() => DecimalScalar) quantity!: string;
  @Field() releaseDate!: string;
  @Field() dueDate!: string;
  @Field(() => [Peg]) pegs!: Peg[];
}

@ObjectType()
export class SupplyChange {
  @Field(() => SupplyPreview) before!: SupplyPreview;
  @Field(() => SupplyPreview) after!: SupplyPreview;
  @Field(() => DecimalScalar) quantityDelta!: string;
  @Field(() => [String]) fields!: string[];
}

@ObjectType()
export class PlanDiff {
  @Field(() => [SupplyPreview]) added!: SupplyPreview[];
  @Field(() => [SupplyPreview]) removed!: SupplyPreview[];
  @Field(() => [SupplyChange]) changed!: SupplyChange[];
  @Field(() => Int) unchanged!: number;
}

@ObjectType()
export class PlanException {
  @Field() type!: string;
  @Field() severity!: string;
  @Field(() => ID) materialId!: number;
  @Field() message!: string;
  @Field(() => GraphQLJSONObject) details!: unknown;
}

@ObjectType({ description: "The time-phased record of one material (one entry per bucket)" })
export class MaterialPeriods {
  @Field(() => ID) materialId!: number;
  @Field(() => Int) lowLevelCode!: number;
  @Field(() => [String]) bucketStarts!: string[];
  @Field(() => DecimalScalar) initialAvailable!: string;
  @Field(() => DecimalScalar) safetyStock!: string;
  @Field(() => [DecimalScalar]) gross!: string[];
  @Field(() => [DecimalScalar]) scheduledReceipts!: string[];
  @Field(() => [DecimalScalar]) net!: string[];
  @Field(() => [DecimalScalar]) plannedReceipts!: string[];
  @Field(() => [DecimalScalar]) projectedAvailable!: string[];
  @Field(() => [DecimalScalar]) plannedReleases!: string[];
}

@ObjectType({ description: "A plan with overrides, compared with the plan a run would make now without them; nothing is stored" })
export class WhatIfResult {
  @Field(() => [SupplyPreview]) plannedOrders!: SupplyPreview[];
  @Field(() => [SupplyPreview]) purchaseSuggestions!: SupplyPreview[];
  @Field(() => [PlanException]) exceptions!: PlanException[];
  @Field(() => PlanDiff) diff!: PlanDiff;
  @Field(() => [MaterialPeriods], { description: "period records of the materials asked for (periodsOf)" }) periods!: MaterialPeriods[];
}

@InputType()
export class ExtraDemandInput {
  @Field(() => ID, { nullable: true }) materialId?: string;
  @Field(() => String, { nullable: true }) materialCode?: string;
  @Field(() => DecimalScalar) quantity!: string;
  @Field(() => DateScalar) dueDate!: Date;
}

@InputType()
export class LeadTimeOverride {
  @Field(() => ID, { nullable: true }) materialId?: string;
  @Field(() => String, { nullable: true }) materialCode?: string;
  @Field(() => Int) leadTimeDays!: number;
}

@InputType()
export class OnHandOverride {
  @Field(() => ID, { nullable: true }) materialId?: string;
  @Field(() => String, { nullable: true }) materialCode?: string;
  @Field(() => DecimalScalar) quantity!: string;
}

@InputType()
export class WhatIfInput {
  @Field(() => [ExtraDemandInput], { nullable: true }) extraDemands?: ExtraDemandInput[];
  @Field(() => [LeadTimeOverride], { nullable: true }) leadTimes?: LeadTimeOverride[];
  @Field(() => [OnHandOverride], { nullable: true }) onHand?: OnHandOverride[];
  @Field(() => [String], { nullable: true, description: "material codes whose period records to return" }) periodsOf?: string[];
  @Field(() => [ID], { nullable: true, description: "material ids whose period records to return (instead of periodsOf)" }) periodsOfIds?: string[];
}

@ObjectType()
export class ReleasedPurchaseOrder {
  @Field(() => ID) purchaseOrderId!: number;
  @Field() number!: string;
  @Field({ description: "true when this answers a retried request" }) replayed!: boolean;
}

@ObjectType()
export class ReleasedPurchaseOrderLine {
  @Field(() => ID) suggestionId!: number;
  @Field(() => ID) purchaseOrderId!: number;
  @Field() number!: string;
}

@ObjectType()
export class ReleasedPurchaseOrders {
  @Field(() => [ReleasedPurchaseOrderLine], { description: "one per suggestion, in the order they were named" }) orders!: ReleasedPurchaseOrderLine[];
  @Field({ description: "true when this answers a retried request" }) replayed!: boolean;
}

@ObjectType()
export class ReleasedWorkOrder {
  @Field(() => ID) workOrderId!: number;
}
