import { ArgsType, Field, Float, ID, ObjectType, registerEnumType } from "type-graphql";
import { DateScalar, DecimalScalar } from "./scalars";
import { WorkCenter } from "./master-data.types";
import { PlanningBucket } from "./planning.types";

export enum CapacityOrderKind { PLANNED_ORDER = "PLANNED_ORDER", WORK_ORDER = "WORK_ORDER" }
export enum PromiseSource { AVAILABLE = "AVAILABLE", CAPABLE = "CAPABLE", BEYOND_HORIZON = "BEYOND_HORIZON" }
export enum PromiseLimitKind { MATERIAL = "MATERIAL", WORK_CENTER = "WORK_CENTER" }
registerEnumType(CapacityOrderKind, { name: "CapacityOrderKind" });
registerEnumType(PromiseSource, {
  name: "PromiseSource",
  description: "AVAILABLE: stock and scheduled receipts cover it; CAPABLE: the rest is made or bought in time; BEYOND_HORIZON: the work centers have no free hours for it within a year",
});
registerEnumType(PromiseLimitKind, { name: "PromiseLimitKind" });

@ArgsType()
export class CapacityLoadArgs {
  @Field(() => String, { nullable: true, description: "one work center; none = every active one" }) workCenterCode?: string;
  @Field(() => DateScalar, { description: "first day" }) from!: Date;
  @Field(() => DateScalar, { description: "last day (at most 366 days or 104 weeks after from)" }) to!: Date;
  @Field(() => PlanningBucket, { description: "DAY, or WEEK (ISO weeks, Monday to Sunday, clipped to from and to)" }) bucket!: PlanningBucket;
}

@ObjectType({ simpleResolvers: true, description: "An order behind a work center's load (only orders of warehouses the caller may see)" })
export class CapacityLoadOrder {
  @Field(() => CapacityOrderKind) kind!: CapacityOrderKind;
  @Field(() => ID, { nullable: true, description: "a planned order of the current plan" }) plannedOrderId!: number | null;
  @Field(() => ID, { nullable: true }) workOrderId!: number | null;
  @Field(() => String, { nullable: true }) workOrderNumber!: string | null;
  @Field(() => ID) materialId!: number;
  @Field(() => ID) warehouseId!: number;
  @Field() warehouseCode!: string;
  @Field(() => DecimalScalar, { description: "the order's quantity" }) quantity!: string;
  @Field(() => Float, { description: "hours it puts on the work center in this bucket: setup (unless done) + run per unit × what is left" }) hours!: number;
  @Field(() => DateScalar, { description: "the working day its work lands on" }) date!: Date;
}

@ObjectType({ simpleResolvers: true, description: "A work center's load in one bucket; load and available hours are the plant's" })
export class CapacityBucket {
  @Field(() => DateScalar) start!: Date;
  @Field(() => DateScalar) end!: Date;
  @Field(() => Float, { description: "hours of work of every warehouse's orders" }) loadHours!: number;
  @Field(() => Float, { description: "hours per day × working days in the bucket" }) availableHours!: number;
  @Field(() => Float, { nullable: true, description: "load ÷ available; null when nothing is available" }) utilisation!: number | null;
  @Field() overloaded!: boolean;
  @Field(() => [CapacityLoadOrder], { description: "the orders that make the load, largest first (of the warehouses the caller may see)" }) orders!: CapacityLoadOrder[];
}

@ObjectType({ description: "A work center's load per bucket" })
export class WorkCenterLoad {
  @Field(() => WorkCenter) workCenter!: unknown;
  @Field(() => [CapacityBucket]) buckets!: CapacityBucket[];
}

@ObjectType({ simpleResolvers: true, description: "What a capacity check did" })
export class CapacityCheckResult {
  @Field(() => Number, { description: "work center weeks overloaded" }) overloaded!: number;
  @Field(() => Number) raised!: number;
  @Field(() => Number) resolved!: number;
}

@ArgsType()
export class PromiseArgs {
  @Field(() => ID, { nullable: true }) materialId?: string;
  @Field(() => String, { nullable: true }) materialCode?: string;
  @Field(() => ID, { nullable: true }) warehouseId?: string;
  @Field(() => String, { nullable: true }) warehouseCode?: string;
  @Field(() => DecimalScalar, { description: "more than 0, in the material's base unit" }) quantity!: string;
}

@ObjectType({ simpleResolvers: true, description: "What sets a promise's date: a component (the deepest that arrives last) or a work center" })
export class PromiseLimit {
  @Field(() => PromiseLimitKind) kind!: PromiseLimitKind;
  @Field() code!: string;
  @Field(() => DateScalar, { nullable: true, description: "when it is ready (null: not within the horizon)" }) date!: Date | null;
}

@ObjectType({ description: "The earliest date a quantity can be delivered from a warehouse (nothing is stored)" })
export class DeliveryPromise {
  @Field(() => ID) materialId!: number;
  @Field(() => ID) warehouseId!: number;
  @Field() warehouseCode!: string;
  @Field(() => DecimalScalar) quantity!: string;
  @Field(() => DateScalar, { nullable: true, description: "earliest delivery of the whole quantity; null when it cannot be made within a year" }) date!: Date | null;
  @Field(() => PromiseSource) source!: PromiseSource;
  @Field(() => DecimalScalar, { description: "what free stock and scheduled receipts give, less what is committed" }) availableQuantity!: string;
  @Field(() => DateScalar, { nullable: true }) availableDate!: Date | null;
  @Field(() => DecimalScalar, { description: "what has to be made or bought beyond it" }) makeOrBuyQuantity!: string;
  @Field(() => PromiseLimit, { nullable: true, description: "null when the available quantity covers it" }) limiting!: PromiseLimit | null;
}
