import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { Connection } from "./connection";
import { DecimalScalar } from "./scalars";

export enum PickListStatus { OPEN = "OPEN", COMPLETED = "COMPLETED", CANCELLED = "CANCELLED" }
export enum PickLineStatus { OPEN = "OPEN", PICKED = "PICKED", SHORT = "SHORT" }
registerEnumType(PickListStatus, { name: "PickListStatus", description: "COMPLETED once every line is confirmed (PICKED or SHORT)" });
registerEnumType(PickLineStatus, { name: "PickLineStatus", description: "SHORT: less was found than the line asked for" });

@ObjectType({ description: "What to take out of stock for a work order or a transfer, stop by stop in walking order" })
export class PickList {
  @Field(() => ID) id!: number;
  @Field() number!: string;
  @Field(() => PickListStatus) status!: PickListStatus;
  @Field(() => DecimalScalar, { nullable: true, description: "the walk from the warehouse's origin (0, 0) through the stops with coordinates, in their units" }) pathLength!: string | null;
  @Field() createdAt!: Date;
  @Field() createdBy!: string;
  @Field(() => Date, { nullable: true }) closedAt!: Date | null;
}

export const PickListConnection = Connection(PickList);
export type PickListConnection = InstanceType<typeof PickListConnection>;

@ObjectType({ simpleResolvers: true })
export class PickLine {
  @Field(() => ID) id!: number;
  @Field(() => Int, { description: "the stop (1, 2 …) in walking order; lines at one location share it" }) stop!: number;
  @Field(() => DecimalScalar) quantity!: string;
  @Field(() => DecimalScalar) pickedQuantity!: string;
  @Field(() => PickLineStatus) status!: PickLineStatus;
  @Field(() => Date, { nullable: true }) confirmedAt!: Date | null;
  @Field(() => String, { nullable: true }) confirmedBy!: string | null;
}

@ObjectType({ description: "What a pick command did; a replay (same idempotency key) returns the first result" })
export class PickListResult {
  @Field() replayed!: boolean;
  @Field(() => ID, { nullable: true, description: "a short pick's SHORTAGE exception" }) exceptionId!: number | null;
}

@ObjectType({ simpleResolvers: true, description: "A location to put a receipt away" })
export class PutawaySuggestion {
  @Field(() => DecimalScalar, { nullable: true, description: "room left after the receipt (null: no capacity limit)" }) roomAfter!: string | null;
  @Field(() => Number, { nullable: true, description: "to the nearest location holding the material (0: it holds it); null without coordinates or such a location" }) distance!: number | null;
  @Field() holdsMaterial!: boolean;
}

@InputType({ description: "A work order (its open reservations) or a transfer order (what is not shipped yet): one of them" })
export class CreatePickListInput {
  @Field(() => ID, { nullable: true }) workOrderId?: string;
  @Field(() => String, { nullable: true }) workOrderNumber?: string;
  @Field(() => ID, { nullable: true }) transferOrderId?: string;
  @Field(() => String, { nullable: true }) transferOrderNumber?: string;
}

@InputType({ description: "A picked line, as scanned: the location, the material (and lot) as a barcode `code` or named, and the quantity found (less: a short pick)" })
export class ConfirmPickInput {
  @Field(() => ID, { nullable: true, description: "the pick list" }) id?: string;
  @Field(() => String, { nullable: true, description: "the pick list" }) number?: string;
  @Field(() => ID, { nullable: true }) locationId?: string;
  @Field(() => String, { nullable: true }) locationCode?: string;
  @Field(() => String, { nullable: true, description: "the scanned barcode: MATERIAL or MATERIAL|LOT" }) code?: string;
  @Field(() => ID, { nullable: true }) materialId?: string;
  @Field(() => String, { nullable: true }) materialCode?: string;
  @Field(() => String, { nullable: true }) lotCode?: string;
  @Field(() => DecimalScalar, { description: "what was picked, 0 up to the line's quantity" }) quantity!: string;
  @Field(() => String, { nullable: true }) uom?: string;
}
