import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { DecimalScalar } from "./scalars";
import { MrpRunPhase, MrpRunStatus } from "./planning.types";
import { MovementType } from "./stock.types";
import { WorkOrderStatus } from "./work-order.types";

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

@ObjectType({ description: "A ledger entry of a stock change: one location and lot" })
export class StockChangedEntry {
  @Field(() => ID) entryId!: string;
  @Field() locationCode!: string;
  @Field(() => String, { nullable: true }) lotCode!: string | null;
  @Field(() => DecimalScalar, { description: "signed change of on hand" }) quantity!: string;
}

@ObjectType({ description: "Stock moved: one event per command, warehouse, material and movement type (its ledger entries inside)" })
export class StockChangedEvent {
  @Field(() => ID) eventId!: number;
  @Field(() => ID) warehouseId!: number;
  @Field() warehouseCode!: string;
  @Field(() => ID) materialId!: number;
  @Field() materialCode!: string;
  @Field() uom!: string;
  @Field(() => MovementType) movementType!: MovementType;
  @Field(() => DecimalScalar, { description: "net signed change of on hand, in the base unit" }) quantity!: string;
  @Field(() => String, { nullable: true }) reasonCode!: string | null;
  @Field(() => ID, { nullable: true }) workOrderId!: number | null;
  @Field(() => String, { nullable: true }) workOrderNumber!: string | null;
  @Field(() => ID, { nullable: true }) purchaseOrderId!: number | null;
  @Field(() => String, { nullable: true }) purchaseOrderNumber!: string | null;
  @Field(() => ID, { nullable: true }) transferOrderId!: number | null;
  @Field(() => ID, { nullable: true }) countSessionId!: number | null;
  @Field(() => String, { nullable: true }) countSessionNumber!: string | null;
  @Field({ description: "who posted it: user:<sub>, key:<prefix> or connector:<name>" }) postedBy!: string;
  @Field(() => [StockChangedEntry]) entries!: StockChangedEntry[];
  @Field() createdAt!: Date;
}

@ObjectType({ description: "A work order was created, changed status, or booked what an operation made" })
export class WorkOrderChangedEvent {
  @Field(() => ID) eventId!: number;
  @Field(() => ID) workOrderId!: number;
  @Field() number!: string;
  @Field(() => ID) warehouseId!: number;
  @Field() warehouseCode!: string;
  @Field() materialCode!: string;
  @Field() uom!: string;
  @Field(() => WorkOrderStatus, { nullable: true, description: "null when the order was created" }) from!: WorkOrderStatus | null;
  @Field(() => WorkOrderStatus) to!: WorkOrderStatus;
  @Field(() => DecimalScalar) quantity!: string;
  @Field(() => DecimalScalar) completedQuantity!: string;
  @Field(() => DecimalScalar) scrappedQuantity!: string;
  @Field() createdAt!: Date;
}
