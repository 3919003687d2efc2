import { GraphQLJSONObject } from "graphql-scalars";
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { DecimalScalar } from "./scalars";
import { MrpRunPhase, MrpRunStatus } from "./planning.types";
import { Node } from "./node";

export enum ExceptionType { SHORTAGE = "SHORTAGE", QUALITY = "QUALITY", EQUIPMENT = "EQUIPMENT", LATE = "LATE", EXCESS = "EXCESS", UNCOVERED_DEMAND = "UNCOVERED_DEMAND" }
export enum ExceptionStatus { OPEN = "OPEN", ACKNOWLEDGED = "ACKNOWLEDGED", RESOLVED = "RESOLVED" }
export enum Severity { INFO = "INFO", WARNING = "WARNING", CRITICAL = "CRITICAL" }
registerEnumType(ExceptionType, { name: "ExceptionType" });
registerEnumType(ExceptionStatus, { name: "ExceptionStatus" });
registerEnumType(Severity, { name: "Severity" });

@ObjectType({ implements: Node, description: "Something a planner or supervisor must look at: a shortage, a late order, excess stock…" })
export class Exception {
  @Field(() => ID) id!: number;
  @Field(() => ExceptionType) type!: ExceptionType;
  @Field(() => Severity) severity!: Severity;
  @Field(() => ExceptionStatus) status!: ExceptionStatus;
  @Field() message!: string;
  @Field(() => GraphQLJSONObject, { description: "quantities, suggestions (substitutes, transfers)…" }) details!: unknown;
  @Field(() => ID, { nullable: true }) materialId!: number | null;
  @Field(() => ID, { nullable: true }) warehouseId!: number | null;
  @Field(() => ID, { nullable: true }) workOrderId!: number | null;
  @Field(() => ID, { nullable: true }) mrpRunId!: number | null;
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true }) resolvedAt!: Date | null;
}

@InputType()
export class ExceptionFilter {
  @Field(() => [ExceptionType], { nullable: true }) types?: ExceptionType[];
  @Field(() => [ExceptionStatus], { nullable: true }) statuses?: ExceptionStatus[];
  @Field(() => ID, { nullable: true }) materialId?: string;
  @Field(() => String, { nullable: true }) materialCode?: string;
  @Field(() => ID, { nullable: true }) workOrderId?: string;
  @Field(() => String, { nullable: true }) workOrderNumber?: string;
}

@ObjectType({ description: "An exception was recorded; `eventId` lets a client resume after a disconnect" })
export class ExceptionRaisedEvent {
  @Field(() => ID) eventId!: number;
  @Field(() => ID) exceptionId!: number;
  @Field(() => ExceptionType) type!: ExceptionType;
  @Field(() => Severity) severity!: Severity;
  @Field() message!: string;
  @Field(() => ID, { nullable: true }) materialId!: number | null;
  @Field(() => ID, { nullable: true }) warehouseId!: number | null;
  @Field(() => ID, { nullable: true }) workOrderId!: number | null;
  @Field() createdAt!: Date;
}

@ObjectType({ description: "Available stock fell below safety stock" })
export class StockLowEvent {
  @Field(() => ID) eventId!: number;
  @Field(() => ID) materialId!: number;
  @Field() materialCode!: string;
  @Field(() => ID) warehouseId!: number;
  @Field() warehouseCode!: string;
  @Field(() => DecimalScalar) available!: string;
  @Field(() => DecimalScalar) safetyStock!: string;
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
