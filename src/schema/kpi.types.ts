import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { AbcClass } from "./material.types";
import { DateScalar } from "./scalars";

export enum Kpi {
  INVENTORY_VALUE = "INVENTORY_VALUE", TURNOVER = "TURNOVER", DAYS_OF_SUPPLY = "DAYS_OF_SUPPLY", STOCKOUTS = "STOCKOUTS", COUNT_ACCURACY = "COUNT_ACCURACY",
  EXCEPTION_ACKNOWLEDGE_HOURS = "EXCEPTION_ACKNOWLEDGE_HOURS", EXCEPTION_RESOLVE_HOURS = "EXCEPTION_RESOLVE_HOURS", SUGGESTION_TO_ORDER_DAYS = "SUGGESTION_TO_ORDER_DAYS",
  PURCHASE_CYCLE_DAYS = "PURCHASE_CYCLE_DAYS", SUPPLIER_ON_TIME = "SUPPLIER_ON_TIME", SCHEDULE_ADHERENCE = "SCHEDULE_ADHERENCE",
}
registerEnumType(Kpi, { name: "Kpi", description: "A plant KPI (definitions: docs/kpis.md)" });

@InputType({ description: "Which figures: a warehouse, a material, an ABC class (each optional), over days [from, to] (UTC) (default: the last 30 days)" })
export class KpiFilter {
  @Field(() => String, { nullable: true }) warehouseCode?: string | null;
  @Field(() => String, { nullable: true }) materialCode?: string | null;
  @Field(() => AbcClass, { nullable: true }) abcClass?: AbcClass | null;
  @Field(() => DateScalar, { nullable: true, description: "the first day reported (at most 366 days before `to`)" }) from?: Date | null;
  @Field(() => DateScalar, { nullable: true, description: "the last day reported (default: today, UTC)" }) to?: Date | null;
}

@ObjectType({ simpleResolvers: true, description: "A KPI's value on one UTC day (null: nothing to measure that day)" })
export class KpiPoint {
  @Field(() => DateScalar) day!: string;
  @Field(() => Float, { nullable: true }) value!: number | null;
}

@ObjectType({ simpleResolvers: true, description: "One KPI: its current value and its daily series" })
export class KpiFigure {
  @Field(() => Kpi) kpi!: Kpi;
  @Field(() => Float, { nullable: true, description: "stock KPIs: the last day's; stockouts: the period's total; event KPIs: over the whole period" }) current!: number | null;
  @Field(() => [KpiPoint]) series!: KpiPoint[];
}

@ObjectType({ simpleResolvers: true, description: "What a KPI refresh recomputed" })
export class KpiRefreshResult {
  @Field(() => DateScalar, { description: "first day recomputed" }) from!: string;
  @Field(() => DateScalar, { description: "last day recomputed" }) to!: string;
  @Field(() => Int, { description: "snapshot rows written" }) rows!: number;
}

@ObjectType({ simpleResolvers: true, description: "A refresh changed a warehouse's KPI snapshots: the subscription's figures, read again" })
export class KpisUpdatedEvent {
  @Field(() => ID) eventId!: number;
  @Field({ description: "the warehouse whose snapshots changed" }) warehouseCode!: string;
  @Field(() => [KpiFigure], { description: "every KPI for the subscription's filter, as the `kpis` query answers now" }) figures!: KpiFigure[];
}
