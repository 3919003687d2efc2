import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { DecimalScalar } from "./scalars";
import { Node } from "./node";

@ObjectType({ implements: Node, simpleResolvers: true })
export class Supplier {
  @Field(() => ID) id!: number;
  @Field() code!: string;
  @Field() name!: string;
  @Field(() => String, { nullable: true }) contact!: string | null;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => String, { nullable: true }) phone!: string | null;
  @Field(() => Int, { description: "days from order to receipt, unless an item says otherwise" }) leadTimeDays!: number;
  @Field() active!: boolean;
}

@ObjectType({ simpleResolvers: true, description: "What a supplier delivers of a material, on its terms" })
export class SupplierItem {
  @Field() supplierCode!: string;
  @Field(() => String, { nullable: true }) supplierMaterialCode!: string | null;
  @Field(() => Int, { nullable: true, description: "overrides the supplier's lead time" }) leadTimeDays!: number | null;
  @Field(() => DecimalScalar, { nullable: true }) minOrderQuantity!: unknown;
  @Field(() => DecimalScalar, { nullable: true }) orderMultiple!: unknown;
  @Field({ description: "MRP plans the material with this supplier's terms and suggests buying from it" }) preferred!: boolean;
}

@ObjectType({ simpleResolvers: true, description: "A supplier's price per base unit, valid from validFrom until validTo (exclusive)" })
export class SupplierPrice {
  @Field() supplierCode!: string;
  @Field(() => DecimalScalar) price!: unknown;
  @Field() currency!: string;
  @Field() validFrom!: Date;
  @Field(() => Date, { nullable: true }) validTo!: Date | null;
}

@InputType()
export class SupplierInput {
  @Field() code!: string;
  @Field() name!: string;
  @Field(() => String, { nullable: true }) contact?: string;
  @Field(() => String, { nullable: true }) email?: string;
  @Field(() => String, { nullable: true }) phone?: string;
  @Field(() => Int, { nullable: true, description: "default 0" }) leadTimeDays?: number;
  @Field(() => Boolean, { nullable: true, description: "default true" }) active?: boolean;
}

@InputType()
export class SupplierItemInput {
  @Field() supplierCode!: string;
  @Field() materialCode!: string;
  @Field(() => String, { nullable: true }) supplierMaterialCode?: string;
  @Field(() => Int, { nullable: true }) leadTimeDays?: number;
  @Field(() => DecimalScalar, { nullable: true, description: "in the material's base unit" }) minOrderQuantity?: string;
  @Field(() => DecimalScalar, { nullable: true, description: "in the material's base unit" }) orderMultiple?: string;
  @Field(() => Boolean, { nullable: true, description: "makes it the material's preferred supplier (the previous one loses the mark)" }) preferred?: boolean;
}

@InputType()
export class SupplierPriceInput {
  @Field() supplierCode!: string;
  @Field() materialCode!: string;
  @Field(() => DecimalScalar) price!: string;
  @Field({ description: "ISO 4217, e.g. EUR" }) currency!: string;
  @Field() validFrom!: Date;
  @Field(() => Date, { nullable: true }) validTo?: Date;
}
