import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { Connection } from "./connection";
import { DateScalar, DecimalScalar } from "./scalars";
import { Node } from "./node";
import { ATOMIC_DESCRIPTION, BulkItemError, ITEM_KEY_DESCRIPTION } from "./bulk.types";

export enum WorkOrderStatus { RELEASED = "RELEASED", SHORT = "SHORT", IN_PROGRESS = "IN_PROGRESS", COMPLETED = "COMPLETED", CLOSED = "CLOSED", CANCELLED = "CANCELLED" }
export enum OperationStatus { PENDING = "PENDING", STARTED = "STARTED", COMPLETED = "COMPLETED" }
export enum ShortageSuggestionKind { SUBSTITUTE = "SUBSTITUTE", TRANSFER = "TRANSFER", PURCHASE = "PURCHASE", EXPEDITE = "EXPEDITE" }
registerEnumType(WorkOrderStatus, { name: "WorkOrderStatus", description: "SHORT: created, but its components could not all be reserved (nothing is)" });
registerEnumType(OperationStatus, { name: "OperationStatus" });
registerEnumType(ShortageSuggestionKind, {
  name: "ShortageSuggestionKind",
  description: "SUBSTITUTE, TRANSFER: where stock is free; PURCHASE, EXPEDITE: what an AUTO shortage policy leaves to buying",
});

@ObjectType({ implements: Node })
export class WorkOrder {
  @Field(() => ID) id!: number;
  @Field() number!: string;
  @Field(() => DecimalScalar) quantity!: string;
  @Field(() => DecimalScalar) completedQuantity!: string;
  @Field(() => DecimalScalar) scrappedQuantity!: string;
  @Field(() => WorkOrderStatus) status!: WorkOrderStatus;
  @Field(() => Date, { nullable: true }) dueDate!: Date | null;
  @Field() createdAt!: Date;
  @Field() createdBy!: string;
}

export const WorkOrderConnection = Connection(WorkOrder);
export type WorkOrderConnection = InstanceType<typeof WorkOrderConnection>;

@ObjectType()
export class WorkOrderOperation {
  @Field(() => Int) sequence!: number;
  @Field() name!: string;
  @Field(() => String, { nullable: true, description: "the code of the work center it runs at (copied from the routing)" }) workCenter!: string | null;
  @Field(() => DecimalScalar) setupMinutes!: string;
  @Field(() => DecimalScalar) runMinutesPerUnit!: string;
  @Field(() => DecimalScalar, { description: "setup + run minutes per unit × the order's quantity" }) plannedMinutes!: string;
  @Field({ description: "may start while the previous operation is still running" }) allowOverlap!: boolean;
  @Field(() => OperationStatus) status!: OperationStatus;
  @Field(() => DecimalScalar) goodQuantity!: string;
  @Field(() => DecimalScalar) scrapQuantity!: string;
  @Field(() => Date, { nullable: true }) startedAt!: Date | null;
  @Field(() => Date, { nullable: true }) completedAt!: Date | null;
  @Field(() => ID, { nullable: true, description: "the open equipment failure that stops it: it may neither start nor complete (OPERATION_BLOCKED)" })
  blockedByFailureId!: number | null;
}

@ObjectType({ description: "A component the order needs (BOM × quantity incl. scrap), what is reserved, issued and short" })
export class WorkOrderMaterial {
  @Field(() => Int, { nullable: true, description: "the operation that backflushes it" }) operationSeq!: number | null;
  @Field(() => DecimalScalar) required!: string;
  @Field(() => DecimalScalar, { description: "still reserved (not yet consumed)" }) reserved!: string;
  @Field(() => DecimalScalar) issued!: string;
  @Field(() => DecimalScalar) shortQuantity!: string;
}

@ObjectType({ description: "A way to cover a shortage" })
export class ShortageSuggestion {
  @Field({ description: "the short component" }) component!: string;
  @Field(() => ShortageSuggestionKind) kind!: ShortageSuggestionKind;
  @Field({ description: "SUBSTITUTE: the substitute; otherwise the component" }) materialCode!: string;
  @Field({ description: "where it is free (PURCHASE, EXPEDITE: the order's warehouse)" }) warehouseCode!: string;
  @Field(() => DecimalScalar) quantity!: string;
  @Field(() => String, { nullable: true, description: "EXPEDITE: the open purchase order to hurry" }) purchaseOrderNumber?: string;
}

@ObjectType({ description: "What a work-order command did; a replay (same idempotency key) returns the first result" })
export class WorkOrderResult {
  @Field(() => WorkOrder) workOrder!: WorkOrder;
  @Field() replayed!: boolean;
}

@InputType()
export class OperationInput {
  @Field(() => Int) sequence!: number;
  @Field() name!: string;
  @Field(() => String, { nullable: true }) workCenter?: string;
  @Field({ nullable: true, defaultValue: false, description: "may start once the previous operation has started, not only when it is completed" })
  allowOverlap?: boolean;
}

@InputType()
export class CreateWorkOrderInput {
  @Field(() => ID, { nullable: true }) materialId?: string;
  @Field(() => String, { nullable: true }) materialCode?: string;
  @Field(() => ID, { nullable: true }) warehouseId?: string;
  @Field(() => String, { nullable: true }) warehouseCode?: string;
  @Field(() => DecimalScalar) quantity!: string;
  @Field(() => DateScalar, { nullable: true }) dueDate?: Date;
  @Field(() => [OperationInput], { nullable: true, description: "default: the product's routing, else one operation 10 'Assembly'" }) operations?: OperationInput[];
}

@InputType()
export class CreateWorkOrderItem extends CreateWorkOrderInput {
  @Field(() => String, { nullable: true, description: ITEM_KEY_DESCRIPTION }) idempotencyKey?: string;
}

@InputType({ description: "An ERP's batch of work orders (at most 100)" })
export class CreateWorkOrdersInput {
  @Field(() => [CreateWorkOrderItem]) items!: CreateWorkOrderItem[];
  @Field({ defaultValue: true, description: ATOMIC_DESCRIPTION }) atomic!: boolean;
}

@ObjectType({ description: "One item of createWorkOrders: its order, or why it was refused" })
export class CreateWorkOrderOutcome {
  @Field(() => Int, { description: "the item's position in the call (0 = first)" }) index!: number;
  @Field(() => WorkOrderResult, { nullable: true }) result!: WorkOrderResult | null;
  @Field(() => BulkItemError, { nullable: true }) error!: BulkItemError | null;
}

@ObjectType()
export class CreateWorkOrdersResult {
  @Field(() => [CreateWorkOrderOutcome], { description: "one per item, in the call's order" }) items!: CreateWorkOrderOutcome[];
  @Field(() => Int, { description: "items refused (atomic calls: always 0)" }) failed!: number;
  @Field({ description: "atomic: the stored result of an earlier identical call; else true when every item was a replay" }) replayed!: boolean;
}

@InputType()
export class CompleteOperationInput {
  @Field(() => ID, { nullable: true }) id?: string;
  @Field(() => String, { nullable: true }) number?: string;
  @Field(() => Int) sequence!: number;
  @Field(() => DecimalScalar) goodQuantity!: string;
  @Field(() => DecimalScalar, { nullable: true }) scrapQuantity?: string;
  @Field(() => ID, { nullable: true }) locationId?: string;
  @Field(() => String, { nullable: true, description: "last operation: where the finished goods go (default: a PRODUCTION location)" }) locationCode?: string;
}

@InputType()
export class WorkOrderFilter {
  @Field(() => WorkOrderStatus, { nullable: true }) status?: WorkOrderStatus;
  @Field(() => ID, { nullable: true }) warehouseId?: string;
  @Field(() => String, { nullable: true }) warehouseCode?: string;
  @Field(() => ID, { nullable: true }) materialId?: string;
  @Field(() => String, { nullable: true }) materialCode?: string;
}
