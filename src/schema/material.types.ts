import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { Connection } from "./connection";
import { DecimalScalar } from "./scalars";
import { Node } from "./node";

export enum MaterialType { MAKE = "MAKE", BUY = "BUY" }
export enum LotSizingPolicy { LOT_FOR_LOT = "LOT_FOR_LOT", FIXED = "FIXED", MIN_MULTIPLE_MAX = "MIN_MULTIPLE_MAX", PERIODS_OF_SUPPLY = "PERIODS_OF_SUPPLY" }
export enum AbcClass { A = "A", B = "B", C = "C" }
registerEnumType(MaterialType, { name: "MaterialType", description: "MAKE: produced here from a BOM; BUY: purchased" });
registerEnumType(LotSizingPolicy, { name: "LotSizingPolicy" });
registerEnumType(AbcClass, { name: "AbcClass" });
export enum XyzClass { X = "X", Y = "Y", Z = "Z" }
registerEnumType(XyzClass, { name: "XyzClass", description: "Demand variability: X up to the first coefficient-of-variation threshold, Y up to the second, Z above" });

@ObjectType({ simpleResolvers: true })
export class UnitOfMeasure {
  @Field() code!: string;
  @Field() name!: string;
  @Field(() => Int, { description: "decimal places a quantity in this unit may carry" }) precision!: number;
}

@ObjectType({ implements: Node, simpleResolvers: true })
export class Material {
  @Field(() => ID) id!: number;
  @Field() code!: string;
  @Field() name!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field() uomCode!: string;
  @Field(() => MaterialType) type!: MaterialType;
  @Field(() => Int) leadTimeDays!: number;
  @Field(() => LotSizingPolicy) lotSizing!: LotSizingPolicy;
  @Field(() => DecimalScalar, { nullable: true }) lotSizeFixed!: unknown;
  @Field(() => DecimalScalar, { nullable: true }) lotSizeMin!: unknown;
  @Field(() => DecimalScalar, { nullable: true }) lotSizeMultiple!: unknown;
  @Field(() => DecimalScalar, { nullable: true }) lotSizeMax!: unknown;
  @Field(() => Int, { nullable: true }) periodsOfSupply!: number | null;
  @Field(() => DecimalScalar) safetyStock!: unknown;
  @Field(() => AbcClass, { nullable: true }) abcClass!: AbcClass | null;
  @Field(() => XyzClass, { nullable: true, description: "demand variability (coefficient of variation): X steady, Y varying, Z erratic; computed with the ABC class" }) xyzClass!: XyzClass | null;
  @Field(() => Date, { nullable: true, description: "when abcClass and xyzClass were last computed from consumption (recomputeInventoryPolicies)" }) classifiedAt!: Date | null;
  @Field() lotTracked!: boolean;
  @Field(() => DecimalScalar, { nullable: true, description: "kilograms per base unit (what a shelf weight sensor divides by)" }) unitWeight!: unknown;
  @Field(() => String, { nullable: true, description: "who buys it (a person's or purchasing group's code): their webhooks hear of its events" }) buyer!: string | null;
  @Field(() => Int, { description: "deepest BOM level at which the material appears (0 = top level)" }) lowLevelCode!: number;
  @Field(() => Date, { nullable: true }) archivedAt!: Date | null;
  @Field(() => Int, { description: "increases with every change; pass it back as expectedVersion to update safely" }) version!: number;
  @Field() createdAt!: Date;
  @Field() createdBy!: string;
  @Field() updatedAt!: Date;
  @Field() updatedBy!: string;
}

export const MaterialConnection = Connection(Material);
export type MaterialConnection = InstanceType<typeof MaterialConnection>;

@InputType({ description: "Filters combine with AND" })
export class MaterialFilter {
  @Field({ nullable: true, description: "case-insensitive part of code or name" }) search?: string;
  @Field(() => MaterialType, { nullable: true }) type?: MaterialType;
  @Field(() => AbcClass, { nullable: true }) abcClass?: AbcClass;
  @Field({ nullable: true, defaultValue: false }) includeArchived?: boolean;
}

@InputType()
export class UpdateMaterialInput {
  @Field({ nullable: true }) name?: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field({ nullable: true }) uomCode?: string;
  @Field(() => MaterialType, { nullable: true }) type?: MaterialType;
  @Field(() => Int, { nullable: true }) leadTimeDays?: number;
  @Field(() => LotSizingPolicy, { nullable: true }) lotSizing?: LotSizingPolicy;
  @Field(() => DecimalScalar, { nullable: true }) lotSizeFixed?: string | null;
  @Field(() => DecimalScalar, { nullable: true }) lotSizeMin?: string | null;
  @Field(() => DecimalScalar, { nullable: true }) lotSizeMultiple?: string | null;
  @Field(() => DecimalScalar, { nullable: true }) lotSizeMax?: string | null;
  @Field(() => Int, { nullable: true }) periodsOfSupply?: number | null;
  @Field(() => DecimalScalar, { nullable: true }) safetyStock?: string;
  @Field(() => AbcClass, { nullable: true }) abcClass?: AbcClass | null;
  @Field({ nullable: true }) lotTracked?: boolean;
  @Field(() => DecimalScalar, { nullable: true, description: "kilograms per base unit, above zero (null: not known)" }) unitWeight?: string | null;
  @Field(() => String, { nullable: true, description: "who buys it, a code (null or empty: nobody)" }) buyer?: string | null;
}

@InputType()
export class CreateMaterialInput extends UpdateMaterialInput {
  @Field() code!: string;
  @Field() override name!: string;
  @Field() override uomCode!: string;
  @Field(() => MaterialType) override type!: MaterialType;
}

@InputType()
export class UnitInput {
  @Field() code!: string;
  @Field() name!: string;
  @Field(() => Int, { description: "decimal places a quantity may carry: 0 for pieces, up to 6; lowering it is refused if it would round stock" }) precision!: number;
}

@ObjectType({ simpleResolvers: true, description: "An alternative unit of a material: factor base units make one of it (a box of 12)" })
export class MaterialUnit {
  @Field() uomCode!: string;
  @Field(() => DecimalScalar, { description: "base units per one of this unit" }) factor!: unknown;
}

@InputType()
export class MaterialUnitInput {
  @Field() materialCode!: string;
  @Field() uomCode!: string;
  @Field(() => DecimalScalar, { description: "base units per one of this unit (> 0)" }) factor!: string;
}
