import { ArgsType, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { GraphQLJSONObject } from "graphql-scalars";
import { DecimalScalar } from "./scalars";

export enum ForecastMethod { MOVING_AVERAGE = "MOVING_AVERAGE", SES = "SES", HOLT_WINTERS = "HOLT_WINTERS", CROSTON = "CROSTON", SBA = "SBA" }
registerEnumType(ForecastMethod, {
  name: "ForecastMethod",
  description: "Moving average, simple exponential smoothing, additive Holt-Winters (trend and season), Croston and its bias-corrected SBA (intermittent demand)",
});

export enum ForecastBucket { DAY = "DAY", WEEK = "WEEK", MONTH = "MONTH" }
registerEnumType(ForecastBucket, { name: "ForecastBucket" });

export enum ForecastRunStatus { QUEUED = "QUEUED", RUNNING = "RUNNING", COMPLETED = "COMPLETED", FAILED = "FAILED" }
registerEnumType(ForecastRunStatus, { name: "ForecastRunStatus" });

@InputType()
export class ForecastRunInput {
  @Field(() => [String], { description: "one run per warehouse" }) warehouseCodes!: string[];
  @Field(() => [String], { nullable: true, description: "default: every material with demand in the history; a named one without enough history is refused" })
  materialCodes?: string[] | null;
  @Field(() => ForecastBucket, { defaultValue: ForecastBucket.WEEK }) bucket!: ForecastBucket;
  @Field(() => Int, { description: "complete buckets of demand history read, ending before the bucket holding asOf" }) historyBuckets!: number;
  @Field(() => Int, { description: "buckets forecast, from the bucket holding asOf" }) horizonBuckets!: number;
  @Field(() => Int, { description: "last buckets of the history each method is scored on (fitted on the ones before)" }) holdOutBuckets!: number;
  @Field(() => [ForecastMethod], { nullable: true, description: "default: all" }) methods?: ForecastMethod[] | null;
  @Field(() => Date, { nullable: true, description: "default: now" }) asOf?: Date | null;
}

@ObjectType({ description: "A forecast of one warehouse's materials, computed in the background" })
export class ForecastRun {
  @Field(() => ID) id!: number;
  @Field(() => ForecastRunStatus) status!: ForecastRunStatus;
  @Field(() => ID) warehouseId!: number;
  @Field(() => ForecastBucket) bucket!: ForecastBucket;
  @Field(() => GraphQLJSONObject) parameters!: unknown;
  @Field(() => Int, { description: "0 to 100" }) progress!: number;
  @Field(() => GraphQLJSONObject, { description: "materials forecast, skipped (too short a history), and how many chose each method" }) counts!: unknown;
  @Field(() => String, { nullable: true }) error!: string | null;
  @Field(() => Date, { nullable: true }) startedAt!: Date | null;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
}

@ObjectType({ description: "A method's score on the hold-out; null where undefined (MAPE: a zero actual; MASE: a history that never changed; WAPE: all actuals zero)" })
export class ForecastAccuracy {
  @Field(() => ForecastMethod) method!: ForecastMethod;
  @Field(() => Float, { nullable: true, description: "mean absolute percentage error, %" }) mape!: number | null;
  @Field(() => Float, { nullable: true, description: "mean absolute scaled error (against the naive one-step forecast)" }) mase!: number | null;
  @Field(() => Float, { nullable: true, description: "weighted absolute percentage error, %" }) wape!: number | null;
  @Field({ description: "the method the forecast uses" }) chosen!: boolean;
}

@ObjectType()
export class ForecastBucketValue {
  @Field() bucketStart!: Date;
  @Field(() => DecimalScalar, { nullable: true, description: "computed; null where only an override exists" }) forecast!: string | null;
  @Field(() => DecimalScalar, { nullable: true, description: "the planner's quantity, used instead of the computed one" }) override!: string | null;
  @Field(() => DecimalScalar, { description: "what MRP plans for (before sales orders consume it)" }) quantity!: string;
}

@ObjectType({ description: "A material's current forecast in a warehouse" })
export class MaterialForecast {
  @Field(() => ID, { description: "the material's id" }) id!: number;
  @Field(() => ID) materialId!: number;
  @Field() materialCode!: string;
  @Field(() => ID) warehouseId!: number;
  @Field(() => ForecastBucket) bucket!: ForecastBucket;
  @Field(() => ForecastMethod, { description: "the method with the best hold-out score (see docs/forecasting.md)" }) method!: ForecastMethod;
  @Field(() => ID) forecastRunId!: number;
  @Field(() => [ForecastBucketValue]) buckets!: ForecastBucketValue[];
  @Field(() => [ForecastAccuracy]) accuracy!: ForecastAccuracy[];
}

@ArgsType()
export class ForecastFilterArgs {
  @Field(() => ID, { nullable: true }) warehouseId?: string;
  @Field(() => String, { nullable: true }) warehouseCode?: string;
  @Field(() => ID, { nullable: true }) materialId?: string;
  @Field(() => String, { nullable: true }) materialCode?: string;
}

@InputType()
export class ForecastOverrideInput {
  @Field(() => ID, { nullable: true }) materialId?: string;
  @Field(() => String, { nullable: true }) materialCode?: string;
  @Field(() => ID, { nullable: true }) warehouseId?: string;
  @Field(() => String, { nullable: true }) warehouseCode?: string;
  @Field({ description: "the start (UTC) of one of the material's forecast buckets" }) bucketStart!: Date;
  @Field(() => DecimalScalar, { nullable: true, description: "null removes the override" }) quantity!: string | null;
  @Field(() => String, { nullable: true }) note?: string | null;
}

@ObjectType()
export class ForecastOverride {
  @Field(() => ID) materialId!: number;
  @Field() materialCode!: string;
  @Field(() => ID) warehouseId!: number;
  @Field() warehouseCode!: string;
  @Field() bucketStart!: Date;
  @Field(() => DecimalScalar) quantity!: string;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field() createdBy!: string;
}

@ObjectType()
export class ForecastOverrideResult {
  @Field(() => ForecastOverride, { nullable: true, description: "null when removed" }) override!: ForecastOverride | null;
  @Field({ description: "an override was removed" }) removed!: boolean;
}

@ObjectType({ description: "A forecast run changed state, or (while RUNNING) its percentage" })
export class ForecastProgressEvent {
  @Field(() => ID) eventId!: number;
  @Field(() => ID) runId!: number;
  @Field() warehouseCode!: string;
  @Field(() => ForecastRunStatus) status!: ForecastRunStatus;
  @Field(() => Int) percent!: number;
  @Field() createdAt!: Date;
}
