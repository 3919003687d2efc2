import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { DecimalScalar } from "./scalars";

@ObjectType({ simpleResolvers: true, description: "One line of a BOM: quantityPer of the component per baseQuantity of the parent" })
export class BomLine {
  @Field(() => ID) id!: number;
  @Field(() => Int) position!: number;
  @Field(() => ID) componentId!: number;
  @Field(() => DecimalScalar) quantityPer!: unknown;
  @Field(() => DecimalScalar, { description: "percent of the component lost in production; requirements include it" }) scrapPct!: unknown;
  @Field(() => Int, { nullable: true, description: "operation that consumes it; null = the last operation" }) operationSeq!: number | null;
  @Field(() => Date, { nullable: true }) validFrom!: Date | null;
  @Field(() => Date, { nullable: true }) validTo!: Date | null;
}

@ObjectType({ simpleResolvers: true })
export class Bom {
  @Field(() => ID) id!: number;
  @Field(() => Int) revision!: number;
  @Field(() => DecimalScalar) baseQuantity!: unknown;
  @Field(() => ID) materialId!: number;
  @Field() updatedAt!: Date;
  @Field() updatedBy!: string;
}

@InputType()
export class BomLineInput {
  @Field(() => ID, { nullable: true }) componentId?: string;
  @Field(() => String, { nullable: true }) componentCode?: string;
  @Field(() => DecimalScalar) quantityPer!: string;
  @Field(() => DecimalScalar, { nullable: true, defaultValue: "0" }) scrapPct?: string;
  @Field(() => Int, { nullable: true }) operationSeq?: number | null;
  @Field(() => Date, { nullable: true }) validFrom?: Date | null;
  @Field(() => Date, { nullable: true }) validTo?: Date | null;
}

@InputType()
export class ReplaceBomInput {
  @Field(() => ID, { nullable: true }) materialId?: string;
  @Field(() => String, { nullable: true }) materialCode?: string;
  @Field(() => DecimalScalar, { defaultValue: "1", description: "quantity of the parent the lines make" }) baseQuantity!: string;
  @Field(() => [BomLineInput]) lines!: BomLineInput[];
}

@ObjectType({ simpleResolvers: true, description: "A node of a multi-level BOM explosion, in depth-first order" })
export class ExplosionNode {
  @Field(() => Int, { description: "1 = direct component of the exploded material" }) level!: number;
  @Field(() => ID) parentId!: number;
  @Field(() => ID) componentId!: number;
  @Field(() => DecimalScalar) quantityPer!: unknown;
  @Field(() => DecimalScalar) scrapPct!: unknown;
  @Field(() => DecimalScalar, { description: "needed for the exploded quantity, scrap included" }) extendedQuantity!: unknown;
  @Field(() => [ID], { description: "material ids from the exploded material down to this component" }) path!: number[];
}

@ObjectType({ simpleResolvers: true, description: "Total requirement of one component over all levels" })
export class ComponentRequirement {
  @Field(() => ID) componentId!: number;
  @Field(() => DecimalScalar) totalQuantity!: unknown;
  @Field(() => Int, { description: "deepest level at which it appears in this explosion" }) maxLevel!: number;
}

@ObjectType({ simpleResolvers: true })
export class BomExplosion {
  @Field(() => ID) materialId!: number;
  @Field(() => DecimalScalar) quantity!: unknown;
  @Field(() => [ExplosionNode]) tree!: ExplosionNode[];
  @Field(() => [ComponentRequirement]) summary!: ComponentRequirement[];
}

@ObjectType({ simpleResolvers: true, description: "A BOM that uses the component, directly (level 1) or through others" })
export class WhereUsedEntry {
  @Field(() => Int) level!: number;
  @Field(() => ID) parentId!: number;
  @Field(() => ID) componentId!: number;
  @Field(() => DecimalScalar) quantityPer!: unknown;
  @Field(() => [ID], { description: "material ids from the component up to this parent" }) path!: number[];
}
