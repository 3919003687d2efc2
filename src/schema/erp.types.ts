import { Field, ID, Int, ObjectType } from "type-graphql";

@ObjectType({ description: "What a push of an MRP run's purchase suggestions to the ERP did" })
export class ErpPush {
  @Field(() => ID) runId!: number;
  @Field(() => Int, { description: "purchase suggestions of the run" }) lines!: number;
  @Field(() => Int, { description: "requests they were sent in" }) batches!: number;
  @Field(() => Int, { description: "requests the ERP accepted" }) delivered!: number;
  @Field(() => Int, { description: "requests kept as dead letters (see deadLetters)" }) deadLettered!: number;
}
