import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { AbcClass, XyzClass } from "./material.types";
import { DecimalScalar } from "./scalars";

export enum DemandBucket { DAY = "DAY", WEEK = "WEEK", MONTH = "MONTH" }
registerEnumType(DemandBucket, { name: "DemandBucket", description: "Demand history per UTC day, ISO week (Monday) or month" });

@ObjectType({
  description:
    "A material's computed safety stock and reorder point in a warehouse: SS = z·√(LT·σd² + d̄²·σLT²), ROP = SS + d̄·LT (demand and lead time per bucket); " +
    "low-stock alerts fire at the reorder point and MRP plans to this safety stock",
})
export class InventoryPolicy {
  @Field(() => Float, { description: "of the material's ABC class (classificationSettings)" }) serviceLevel!: number;
  @Field(() => Float, { description: "the safety factor: the inverse normal CDF of the service level" }) z!: number;
  @Field(() => DemandBucket) bucket!: DemandBucket;
  @Field(() => Int, { description: "complete buckets of history the demand was measured over" }) historyBuckets!: number;
  @Field(() => DecimalScalar, { description: "mean demand per bucket (d̄)" }) meanDemand!: string;
  @Field(() => DecimalScalar, { description: "sample standard deviation of demand per bucket (σd)" }) demandSigma!: string;
  @Field(() => DecimalScalar, { description: "the material's planned lead time (LT)" }) leadTimeDays!: string;
  @Field(() => DecimalScalar, { description: "standard deviation of purchase orders' order → first receipt (σLT; 0 with fewer than two)" }) leadTimeSigmaDays!: string;
  @Field(() => Int, { description: "purchase orders the lead-time deviation was measured on" }) leadTimeSamples!: number;
  @Field(() => DecimalScalar) safetyStock!: string;
  @Field(() => DecimalScalar) reorderPoint!: string;
  @Field() computedAt!: Date;
}

@ObjectType({ description: "What a recomputation changed: a material's classes (no warehouse), or its safety stock and reorder point in a warehouse (null: none before / none any more)" })
export class InventoryPolicyChange {
  @Field(() => ID, { description: "the recomputation that made it" }) recomputationId!: number;
  @Field() computedAt!: Date;
  @Field(() => DecimalScalar, { nullable: true }) oldSafetyStock!: string | null;
  @Field(() => DecimalScalar, { nullable: true }) newSafetyStock!: string | null;
  @Field(() => DecimalScalar, { nullable: true }) oldReorderPoint!: string | null;
  @Field(() => DecimalScalar, { nullable: true }) newReorderPoint!: string | null;
  @Field(() => AbcClass, { nullable: true }) oldAbcClass!: AbcClass | null;
  @Field(() => AbcClass, { nullable: true }) newAbcClass!: AbcClass | null;
  @Field(() => XyzClass, { nullable: true }) oldXyzClass!: XyzClass | null;
  @Field(() => XyzClass, { nullable: true }) newXyzClass!: XyzClass | null;
}

@ObjectType()
export class InventoryPolicyRecomputation {
  @Field(() => ID) recomputationId!: number;
  @Field() computedAt!: Date;
  @Field({ description: "the materials' ABC/XYZ classes were recomputed (a run of every warehouse)" }) classified!: boolean;
  @Field(() => Int, { description: "policies computed" }) policies!: number;
  @Field(() => [InventoryPolicyChange]) changes!: InventoryPolicyChange[];
  @Field() replayed!: boolean;
}

@ObjectType({ description: "How materials are classified and their safety stocks computed (one set for the plant)" })
export class ClassificationSettings {
  @Field(() => [Float], { description: "shares of the annual consumption value for A, B, C (percent, adding to 100); default 80, 15, 5" }) abcCutoffs!: number[];
  @Field(() => [Float], { description: "greatest coefficient of variation of X, then of Y; default 0.5, 1" }) xyzThresholds!: number[];
  @Field(() => Float, { description: "default 0.98" }) serviceLevelA!: number;
  @Field(() => Float, { description: "default 0.95" }) serviceLevelB!: number;
  @Field(() => Float, { description: "default 0.90 (also for materials without a class)" }) serviceLevelC!: number;
  @Field(() => Int, { description: "days between cycle counts (set here, else COUNT_EVERY_DAYS_A)" }) countEveryDaysA!: number;
  @Field(() => Int) countEveryDaysB!: number;
  @Field(() => Int) countEveryDaysC!: number;
  @Field(() => DemandBucket, { description: "default WEEK" }) bucket!: DemandBucket;
  @Field(() => Int, { description: "complete buckets of history (default 52)" }) historyBuckets!: number;
  @Field(() => Date, { nullable: true, description: "null: the defaults, never changed" }) updatedAt!: Date | null;
  @Field(() => String, { nullable: true }) updatedBy!: string | null;
}

@InputType({ description: "What to change; a field left out stays" })
export class ClassificationSettingsInput {
  @Field(() => [Float], { nullable: true, description: "three shares (A, B, C) above 0 adding to 100" }) abcCutoffs?: number[];
  @Field(() => [Float], { nullable: true, description: "two increasing coefficients of variation above 0 (X, Y)" }) xyzThresholds?: number[];
  @Field(() => Float, { nullable: true, description: "between 0 and 1 (exclusive)" }) serviceLevelA?: number;
  @Field(() => Float, { nullable: true }) serviceLevelB?: number;
  @Field(() => Float, { nullable: true }) serviceLevelC?: number;
  @Field(() => Int, { nullable: true, description: "1 to 3650" }) countEveryDaysA?: number;
  @Field(() => Int, { nullable: true }) countEveryDaysB?: number;
  @Field(() => Int, { nullable: true }) countEveryDaysC?: number;
  @Field(() => DemandBucket, { nullable: true }) bucket?: DemandBucket;
  @Field(() => Int, { nullable: true, description: "4 to 520" }) historyBuckets?: number;
}

@InputType()
export class RecomputeInventoryPoliciesInput {
  @Field(() => ID, { nullable: true }) warehouseId?: string;
  @Field(() => String, { nullable: true, description: "one warehouse's policies; none: the classes and every warehouse's (needs an identity limited to none)" }) warehouseCode?: string;
  @Field(() => Int, { nullable: true, description: "history to measure over instead of classificationSettings.historyBuckets (4 to 520)" }) historyBuckets?: number;
}
