import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { QcStatus } from "./inventory.types";
import { DecimalScalar } from "./scalars";

export enum ShortageMode { AUTO = "AUTO", SUGGEST_ONLY = "SUGGEST_ONLY" }
export enum TransferSourceSelection { PRIORITY = "PRIORITY", NEAREST = "NEAREST" }
registerEnumType(ShortageMode, {
  name: "ShortageMode",
  description: "AUTO: act (substitutes, transfers, purchase suggestions or expedites); SUGGEST_ONLY: record the shortage with suggestions",
});
registerEnumType(TransferSourceSelection, {
  name: "TransferSourceSelection",
  description: "PRIORITY: transferSources in order (none: every other warehouse by code); NEAREST: fewest transit days (transitLanes) first",
});

@ObjectType({ description: "What happens when a work order cannot reserve a component; the most specific policy applies (material in warehouse, material, warehouse, global); none = SUGGEST_ONLY" })
export class ShortagePolicy {
  @Field(() => ID) id!: number;
  @Field(() => ShortageMode) mode!: ShortageMode;
  @Field({ description: "reserve a valid substitute (priority, ratio) first" }) useSubstitutes!: boolean;
  @Field({ description: "then order transfers from other warehouses" }) useTransfers!: boolean;
  @Field(() => TransferSourceSelection) sourceSelection!: TransferSourceSelection;
  @Field({ description: "then a purchase suggestion, or an expedite request when a purchase order is open" }) usePurchase!: boolean;
  @Field() updatedAt!: Date;
  @Field() updatedBy!: string;
}

@InputType()
export class ShortagePolicyInput {
  @Field(() => ID, { nullable: true }) materialId?: string;
  @Field(() => String, { nullable: true, description: "the policy's material; none: every material" }) materialCode?: string;
  @Field(() => ID, { nullable: true }) warehouseId?: string;
  @Field(() => String, { nullable: true, description: "the policy's warehouse; none: every warehouse (needs an identity limited to none)" }) warehouseCode?: string;
  @Field(() => ShortageMode) mode!: ShortageMode;
  @Field(() => Boolean, { nullable: true, description: "default true" }) substitutes?: boolean;
  @Field(() => Boolean, { nullable: true, description: "default true" }) transfers?: boolean;
  @Field(() => [String], { nullable: true, description: "warehouse codes transfers may come from, first tried first; default: any other" }) transferSources?: string[];
  @Field(() => TransferSourceSelection, { nullable: true, description: "default PRIORITY" }) sourceSelection?: TransferSourceSelection;
  @Field(() => Boolean, { nullable: true, description: "default true" }) purchase?: boolean;
}

@ObjectType({ description: "How many days goods take from one warehouse to another (the NEAREST transfer source selection)" })
export class TransitLane {
  @Field(() => Int) transitDays!: number;
  @Field() updatedAt!: Date;
  @Field() updatedBy!: string;
}

@InputType()
export class TransitLaneInput {
  @Field(() => ID, { nullable: true }) fromWarehouseId?: string;
  @Field(() => String, { nullable: true }) fromWarehouseCode?: string;
  @Field(() => ID, { nullable: true }) toWarehouseId?: string;
  @Field(() => String, { nullable: true }) toWarehouseCode?: string;
  @Field(() => Int, { description: "0 to 365" }) transitDays!: number;
}

@ObjectType({ description: "A substitute the shortage policy reserved on a work order instead of (part of) a component" })
export class WorkOrderSubstitution {
  @Field(() => DecimalScalar, { description: "of the component, no longer required" }) quantity!: string;
  @Field(() => DecimalScalar, { description: "of the substitute, required and reserved instead (quantity × ratio, rounded up)" }) substituteQuantity!: string;
  @Field(() => DecimalScalar) ratio!: string;
  @Field() createdAt!: Date;
  @Field() createdBy!: string;
}

@InputType()
export class LotQcInput {
  @Field(() => ID, { nullable: true }) materialId?: string;
  @Field(() => String, { nullable: true }) materialCode?: string;
  @Field() lotCode!: string;
  @Field({ description: "why (1 to 500 characters): audited, and on a rejection's QUALITY exception" }) reason!: string;
}

@ObjectType({ description: "What a QC change did" })
export class LotQcResult {
  @Field(() => QcStatus) previousStatus!: QcStatus;
  @Field(() => [ID], { description: "the QUALITY exceptions a rejection raised (one per warehouse concerned)" }) qualityExceptionIds!: number[];
  @Field() replayed!: boolean;
}
