import { Field, ID, InputType, ObjectType } from "type-graphql";
import { Role } from "../auth/roles";

@ObjectType({ description: "A system's credential; the key itself is shown once, when created" })
export class ApiKey {
  @Field(() => ID) id!: number;
  @Field() name!: string;
  @Field({ description: "first characters of the key, to tell keys apart" }) prefix!: string;
  @Field(() => [Role]) roles!: Role[];
  @Field(() => [String], { description: "warehouse codes it is limited to; empty = all" }) warehouses!: string[];
  @Field() createdAt!: Date;
  @Field() createdBy!: string;
  @Field(() => Date, { nullable: true }) expiresAt!: Date | null;
  @Field(() => Date, { nullable: true }) revokedAt!: Date | null;
  @Field(() => Date, { nullable: true }) lastUsedAt!: Date | null;
}

@ObjectType()
export class CreatedApiKey {
  @Field({ description: "the secret: store it now, it cannot be shown again" }) key!: string;
  @Field(() => ApiKey) apiKey!: ApiKey;
}

@InputType()
export class CreateApiKeyInput {
  @Field() name!: string;
  @Field(() => [Role]) roles!: Role[];
  @Field(() => [String], { nullable: true, description: "absent = all warehouses; else known codes, within the creator's own" }) warehouses?: string[];
  @Field(() => Date, { nullable: true }) expiresAt?: Date;
}

@ObjectType({ description: "The identity behind the current request" })
export class Identity {
  @Field() id!: string;
  @Field() kind!: string;
  @Field(() => [Role]) roles!: Role[];
  @Field(() => [String], { nullable: true, description: "null = all warehouses" }) warehouses!: string[] | null;
}
