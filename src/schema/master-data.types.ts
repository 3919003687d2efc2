import { Field, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { DecimalScalar } from "./scalars";
import { Node } from "./node";

@ObjectType({ simpleResolvers: true, description: "A material that may replace another" })
export class Substitute {
  @Field() substituteCode!: string;
  @Field(() => Int, { description: "1 = tried first" }) priority!: number;
  @Field(() => DecimalScalar, { description: "units of the substitute that replace one unit of the material" }) ratio!: unknown;
  @Field(() => Date, { nullable: true }) validFrom!: Date | null;
  @Field(() => Date, { nullable: true }) validTo!: Date | null;
  @Field(() => String, { nullable: true, description: "only in this product's BOM" }) productCode!: string | null;
}

@InputType()
export class SubstituteInput {
  @Field() materialCode!: string;
  @Field() substituteCode!: string;
  @Field(() => Int, { nullable: true, description: "default 1" }) priority?: number;
  @Field(() => DecimalScalar, { nullable: true, description: "> 0, default 1" }) ratio?: string;
  @Field(() => Date, { nullable: true }) validFrom?: Date;
  @Field(() => Date, { nullable: true }) validTo?: Date;
  @Field(() => String, { nullable: true, description: "only in this product's BOM (the material must be in it)" }) productCode?: string;
}

@ObjectType({ simpleResolvers: true, description: "A standard cost per base unit, in effect from validFrom until the next one" })
export class StandardCost {
  @Field(() => DecimalScalar) cost!: unknown;
  @Field() currency!: string;
  @Field() validFrom!: Date;
  @Field() createdBy!: string;
}

@InputType()
export class StandardCostInput {
  @Field() materialCode!: string;
  @Field(() => DecimalScalar) cost!: string;
  @Field({ description: "ISO 4217, e.g. EUR" }) currency!: string;
  @Field(() => Date, { nullable: true, description: "default today" }) validFrom?: Date;
}

export enum ValueGrouping { WAREHOUSE = "WAREHOUSE", MATERIAL = "MATERIAL", ABC_CLASS = "ABC_CLASS" }
registerEnumType(ValueGrouping, { name: "ValueGrouping" });

@ObjectType({ simpleResolvers: true, description: "Stock on hand at today's standard costs, for one group and currency" })
export class InventoryValueLine {
  @Field({ description: "the warehouse code, material code or ABC class (NONE when unclassified)" }) key!: string;
  @Field(() => String, { nullable: true, description: "null for stock without a standard cost" }) currency!: string | null;
  @Field(() => DecimalScalar) quantity!: string;
  @Field(() => DecimalScalar) value!: string;
  @Field(() => Int, { description: "material/warehouse stock lines without a standard cost (not valued)" }) unvaluedLines!: number;
}

@ObjectType({ implements: Node, simpleResolvers: true, description: "A place where operations run, with its available hours per day" })
export class WorkCenter {
  @Field() code!: string;
  @Field() name!: string;
  @Field(() => DecimalScalar) hoursPerDay!: unknown;
  @Field(() => [Int], { description: "ISO weekdays it works, 1 = Monday … 7 = Sunday" }) workingDays!: number[];
  @Field() active!: boolean;
}

@InputType()
export class WorkCenterInput {
  @Field() code!: string;
  @Field() name!: string;
  @Field(() => DecimalScalar, { description: "0 to 24" }) hoursPerDay!: string;
  @Field(() => Boolean, { nullable: true }) active?: boolean;
  @Field(() => [Int], { nullable: true, description: "ISO weekdays it works, 1 = Monday … 7 = Sunday (default Monday to Friday)" }) workingDays?: number[];
}

@ObjectType({ simpleResolvers: true, description: "One step of a product's routing" })
export class RoutingOperation {
  @Field(() => Int) sequence!: number;
  @Field() name!: string;
  @Field() workCenterCode!: string;
  @Field(() => DecimalScalar) setupMinutes!: unknown;
  @Field(() => DecimalScalar) runMinutesPerUnit!: unknown;
  @Field() allowOverlap!: boolean;
}

@InputType()
export class RoutingOperationInput {
  @Field(() => Int) sequence!: number;
  @Field() name!: string;
  @Field() workCenterCode!: string;
  @Field(() => DecimalScalar, { nullable: true }) setupMinutes?: string;
  @Field(() => DecimalScalar, { nullable: true }) runMinutesPerUnit?: string;
  @Field(() => Boolean, { nullable: true }) allowOverlap?: boolean;
}

@InputType()
export class RoutingInput {
  @Field() materialCode!: string;
  @Field(() => [RoutingOperationInput]) operations!: RoutingOperationInput[];
}
