import { GraphQLJSONObject } from "graphql-scalars";
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { Connection } from "./connection";
import { Severity } from "./event.types";
import { Node } from "./node";

export enum ExceptionType { SHORTAGE = "SHORTAGE", QUALITY = "QUALITY", EQUIPMENT = "EQUIPMENT", LATE = "LATE", EXCESS = "EXCESS", UNCOVERED_DEMAND = "UNCOVERED_DEMAND", STOCK_MISMATCH = "STOCK_MISMATCH", CAPACITY = "CAPACITY" }
export enum ExceptionStatus { OPEN = "OPEN", ACKNOWLEDGED = "ACKNOWLEDGED", RESOLVED = "RESOLVED" }
export enum ExceptionCause {
  MATERIAL_SHORTAGE = "MATERIAL_SHORTAGE", SUPPLIER_LATE = "SUPPLIER_LATE", QUALITY_DEFECT = "QUALITY_DEFECT", EQUIPMENT_BREAKDOWN = "EQUIPMENT_BREAKDOWN",
  PLANNING_ERROR = "PLANNING_ERROR", DATA_ERROR = "DATA_ERROR", OTHER = "OTHER",
}
export enum ExceptionActionResult { SUCCEEDED = "SUCCEEDED", FAILED = "FAILED", SKIPPED = "SKIPPED" }
export enum ExceptionLinkKind {
  WORK_ORDER = "WORK_ORDER", LOT = "LOT", DEVICE = "DEVICE", WORK_CENTER = "WORK_CENTER", PURCHASE_ORDER = "PURCHASE_ORDER", TRANSFER_ORDER = "TRANSFER_ORDER", ALARM = "ALARM",
  /** a material the exception concerns besides its own: a substitute the shortage policy reserved */
  MATERIAL = "MATERIAL",
  /** the count session a STOCK_MISMATCH opened (or found counting the location) */
  COUNT_SESSION = "COUNT_SESSION",
}
registerEnumType(ExceptionType, { name: "ExceptionType" });
registerEnumType(ExceptionStatus, { name: "ExceptionStatus" });
registerEnumType(ExceptionCause, { name: "ExceptionCause", description: "Why an exception happened (the knowledge base); free text goes in causeText" });
registerEnumType(ExceptionActionResult, { name: "ExceptionActionResult" });
registerEnumType(ExceptionLinkKind, { name: "ExceptionLinkKind" });

@ObjectType({ implements: Node, description: "Something a planner or supervisor must look at: a shortage, a late order, a machine down…" })
export class Exception {
  @Field(() => ID) id!: number;
  @Field(() => ExceptionType) type!: ExceptionType;
  @Field(() => Severity) severity!: Severity;
  @Field(() => ExceptionStatus) status!: ExceptionStatus;
  @Field() message!: string;
  @Field(() => GraphQLJSONObject, { description: "quantities, suggestions (substitutes, transfers), affected work orders…" }) details!: unknown;
  @Field(() => ID, { nullable: true }) materialId!: number | null;
  @Field(() => ID, { nullable: true }) warehouseId!: number | null;
  @Field(() => ID, { nullable: true }) workOrderId!: number | null;
  @Field(() => ID, { nullable: true }) mrpRunId!: number | null;
  @Field() createdAt!: Date;
  @Field(() => ExceptionCause, { nullable: true }) cause!: ExceptionCause | null;
  @Field(() => String, { nullable: true }) causeText!: string | null;
  @Field(() => String, { nullable: true, description: "who is to deal with it" }) assignee!: string | null;
  @Field(() => Date, { nullable: true }) assignedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: "when someone first saw it (resolving also counts)" }) acknowledgedAt!: Date | null;
  @Field(() => String, { nullable: true }) acknowledgedBy!: string | null;
  @Field(() => Date, { nullable: true }) resolvedAt!: Date | null;
  @Field(() => String, { nullable: true }) resolvedBy!: string | null;
  @Field(() => String, { nullable: true, description: "what was done" }) resolutionNote!: string | null;
}

export const ExceptionConnection = Connection(Exception);
export type ExceptionConnection = InstanceType<typeof ExceptionConnection>;

@ObjectType({ simpleResolvers: true, description: "What the system or a person did about an exception" })
export class ExceptionAction {
  @Field(() => ID) id!: number;
  @Field({ description: "ACKNOWLEDGED, ASSIGNED, CAUSE_SET, RESOLVED, FAILURE_REPORTED, EQUIPMENT_REPAIRED, …" }) action!: string;
  @Field({ description: "who: a user, an API key, or system" }) actor!: string;
  @Field() at!: Date;
  @Field(() => ExceptionActionResult) result!: ExceptionActionResult;
  @Field(() => GraphQLJSONObject) details!: unknown;
}

@ObjectType({ simpleResolvers: true, description: "An order, lot, device… the exception concerns" })
export class ExceptionLink {
  @Field(() => ExceptionLinkKind) kind!: ExceptionLinkKind;
  @Field(() => ID, { description: "the id of the work order, lot, device…" }) targetId!: number;
  @Field({ description: "its number or code" }) ref!: string;
}

@ObjectType({ simpleResolvers: true, description: "A work center of a warehouse (or one operation) that cannot run until its repair is reported" })
export class EquipmentFailure {
  @Field(() => ID) id!: number;
  @Field(() => String, { nullable: true, description: "null: a failure of one operation without a work center" }) workCenterCode!: string | null;
  @Field() warehouseCode!: string;
  @Field(() => ID, { nullable: true, description: "the operation's order, for a failure of one operation" }) workOrderId!: number | null;
  @Field(() => Int, { nullable: true }) sequence!: number | null;
  @Field() description!: string;
  @Field(() => ID, { nullable: true }) exceptionId!: number | null;
  @Field(() => ID, { nullable: true, description: "the CRITICAL alarm that reported it" }) alarmId!: number | null;
  @Field() reportedAt!: Date;
  @Field() reportedBy!: string;
  @Field(() => Date, { nullable: true }) repairedAt!: Date | null;
  @Field(() => String, { nullable: true }) repairedBy!: string | null;
  @Field(() => String, { nullable: true }) repairNote!: string | null;
}

@ObjectType({ description: "An equipment failure reported or repaired, with its EQUIPMENT exception" })
export class EquipmentFailureResult {
  @Field(() => EquipmentFailure) failure!: EquipmentFailure;
  @Field(() => Exception) exception!: Exception;
  @Field() replayed!: boolean;
}

@ObjectType({ description: "A past resolved case like the exception asked about, with how alike it is (higher: more)" })
export class SimilarException {
  @Field(() => Exception) exception!: Exception;
  @Field(() => Float, { description: "same material 4, same cause 2, shared words up to 2, recency up to 1" }) score!: number;
}

@ObjectType({ simpleResolvers: true, description: "How fast exceptions of one type and warehouse were answered, in minutes from being raised" })
export class ExceptionResponseTime {
  @Field(() => ExceptionType) type!: ExceptionType;
  @Field(() => String, { nullable: true, description: "null: exceptions of no warehouse" }) warehouseCode!: string | null;
  @Field(() => Int, { description: "raised in the window" }) count!: number;
  @Field(() => Int) acknowledged!: number;
  @Field(() => Int) resolved!: number;
  @Field(() => Float, { nullable: true, description: "median minutes to acknowledge (of those acknowledged)" }) acknowledgeMedianMinutes!: number | null;
  @Field(() => Float, { nullable: true }) acknowledgeP90Minutes!: number | null;
  @Field(() => Float, { nullable: true, description: "median minutes to resolve (of those resolved)" }) resolveMedianMinutes!: number | null;
  @Field(() => Float, { nullable: true }) resolveP90Minutes!: number | null;
}

@ObjectType({ description: "A device now watches this work center (or none)" })
export class DeviceWorkCenter {
  @Field() deviceCode!: string;
  @Field(() => String, { nullable: true }) workCenterCode!: string | null;
  @Field() replayed!: boolean;
}

@InputType()
export class ExceptionFilter {
  @Field(() => [ExceptionType], { nullable: true }) types?: ExceptionType[];
  @Field(() => [ExceptionStatus], { nullable: true }) statuses?: ExceptionStatus[];
  @Field(() => [ExceptionCause], { nullable: true }) causes?: ExceptionCause[];
  @Field(() => ID, { nullable: true }) materialId?: string;
  @Field(() => String, { nullable: true }) materialCode?: string;
  @Field(() => ID, { nullable: true }) warehouseId?: string;
  @Field(() => String, { nullable: true, description: "one out of the caller's warehouses lists nothing" }) warehouseCode?: string;
  @Field(() => ID, { nullable: true, description: "its own or linked" }) workOrderId?: string;
  @Field(() => String, { nullable: true }) workOrderNumber?: string;
  @Field(() => String, { nullable: true }) assignee?: string;
  @Field(() => Date, { nullable: true, description: "raised at or after" }) from?: Date;
  @Field(() => Date, { nullable: true, description: "raised before" }) to?: Date;
  @Field(() => String, { nullable: true, description: 'full text over message, cause text and resolution note: words, "a phrase", -without, or' }) text?: string;
}

@InputType({ description: "A work center (with the warehouse it stopped in) or an operation (work order and sequence), and what happened" })
export class ReportEquipmentFailureInput {
  @Field(() => ID, { nullable: true }) workCenterId?: string;
  @Field(() => String, { nullable: true }) workCenterCode?: string;
  @Field(() => ID, { nullable: true }) warehouseId?: string;
  @Field(() => String, { nullable: true }) warehouseCode?: string;
  @Field(() => ID, { nullable: true }) workOrderId?: string;
  @Field(() => String, { nullable: true }) workOrderNumber?: string;
  @Field(() => Int, { nullable: true }) sequence?: number;
  @Field() description!: string;
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

@ObjectType({ description: "Something was done about an exception (acknowledged, assigned, cause set, resolved, an action recorded)" })
export class ExceptionUpdatedEvent {
  @Field(() => ID) eventId!: number;
  @Field(() => ID) exceptionId!: number;
  @Field(() => ID) actionId!: number;
  @Field() action!: string;
  @Field() actor!: string;
  @Field(() => ExceptionActionResult) result!: ExceptionActionResult;
  @Field(() => ExceptionType) type!: ExceptionType;
  @Field(() => ExceptionStatus, { description: "the exception's status after the action" }) status!: ExceptionStatus;
  @Field(() => ID, { nullable: true }) warehouseId!: number | null;
  @Field() createdAt!: Date;
}
