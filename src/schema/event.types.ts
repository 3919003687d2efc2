import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { DecimalScalar } from "./scalars";
import { MrpRunPhase, MrpRunStatus } from "./planning.types";

export enum Severity { INFO = "INFO", WARNING = "WARNING", CRITICAL = "CRITICAL" }
registerEnumType(Severity, { name: "Severity" });

@ObjectType({ description: "Available stock fell below the reorder point (computed per warehouse, else the material's safety stock)" })
export class StockLowEvent {
  @Field(() => ID) eventId!: number;
  @Field(() => ID) materialId!: number;
  @Field() materialCode!: string;
  @Field(() => ID) warehouseId!: number;
  @Field() warehouseCode!: string;
  @Field(() => DecimalScalar) available!: string;
  @Field(() => DecimalScalar) safetyStock!: string;
  @Field(() => DecimalScalar, { description: "what available stock fell below; events from before reorder points: the safety stock" }) reorderPoint!: string;
  @Field() createdAt!: Date;
}

@ObjectType({ description: "An MRP run changed state, or (while RUNNING) phase or percentage" })
export class MrpProgressEvent {
  @Field(() => ID) eventId!: number;
  @Field(() => ID) runId!: number;
  @Field(() => MrpRunStatus) status!: MrpRunStatus;
  @Field(() => MrpRunPhase, { nullable: true, description: "set while RUNNING only" }) phase!: MrpRunPhase | null;
  @Field(() => Int) percent!: number;
  @Field() createdAt!: Date;
}
