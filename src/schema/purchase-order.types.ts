import { Field, ID, InputType, ObjectType, registerEnumType } from "type-graphql";
import { Connection } from "./connection";
import { DateScalar, DecimalScalar } from "./scalars";
import { Node } from "./node";

export enum PurchaseOrderStatus {
  OPEN = "OPEN",
  PARTIALLY_RECEIVED = "PARTIALLY_RECEIVED",
  RECEIVED = "RECEIVED",
  CANCELLED = "CANCELLED",
}
registerEnumType(PurchaseOrderStatus, { name: "PurchaseOrderStatus" });

@ObjectType({ implements: Node, description: "An order placed with a supplier: a scheduled receipt for MRP until it is received" })
export class PurchaseOrder {
  @Field(() => ID) id!: number;
  @Field() number!: string;
  @Field(() => DecimalScalar) quantity!: string;
  @Field(() => DecimalScalar, { description: "booked by receipts that name this order" }) receivedQuantity!: string;
  @Field() dueDate!: Date;
  @Field(() => PurchaseOrderStatus) status!: PurchaseOrderStatus;
  @Field(() => String, { nullable: true, description: "as the ERP names it (syncPurchaseOrder)" }) supplier!: string | null;
  @Field(() => String, { nullable: true, description: "released from a purchase suggestion: its supplier (the material's preferred one when planned)" })
  supplierCode!: string | null;
  @Field(() => ID, { nullable: true, description: "the MRP suggestion it was released from" }) purchaseSuggestionId!: number | null;
  @Field() createdAt!: Date;
  @Field() createdBy!: string;
}

export const PurchaseOrderConnection = Connection(PurchaseOrder);
export type PurchaseOrderConnection = InstanceType<typeof PurchaseOrderConnection>;

@InputType()
export class PurchaseOrderFilter {
  @Field(() => PurchaseOrderStatus, { nullable: true }) status?: PurchaseOrderStatus;
  @Field(() => ID, { nullable: true }) warehouseId?: string;
  @Field(() => String, { nullable: true }) warehouseCode?: string;
  @Field(() => ID, { nullable: true }) materialId?: string;
  @Field(() => String, { nullable: true }) materialCode?: string;
}

@InputType({ description: "A purchase order as the ERP has it; the hub keeps it by number" })
export class PurchaseOrderInput {
  @Field({ description: "the ERP's order number (1 to 64 characters)" }) number!: string;
  @Field(() => ID, { nullable: true }) materialId?: string;
  @Field(() => String, { nullable: true }) materialCode?: string;
  @Field(() => ID, { nullable: true }) warehouseId?: string;
  @Field(() => String, { nullable: true }) warehouseCode?: string;
  @Field(() => DecimalScalar, { description: "ordered; not less than what was received already" }) quantity!: string;
  @Field(() => DateScalar) dueDate!: Date;
  @Field(() => String, { nullable: true }) supplier?: string;
}

@ObjectType()
export class PurchaseOrderCommandResult {
  @Field(() => ID) purchaseOrderId!: number;
  @Field() number!: string;
  @Field({ description: "true when the order was new to the hub" }) created!: boolean;
  @Field({ description: "true when this answers a retried request" }) replayed!: boolean;
}

@InputType({ description: "A purchase requisition for the ERP's purchasing, asked by hand" })
export class PurchaseRequisitionInput {
  @Field(() => ID, { nullable: true }) materialId?: string;
  @Field(() => String, { nullable: true }) materialCode?: string;
  @Field(() => ID, { nullable: true }) warehouseId?: string;
  @Field(() => String, { nullable: true }) warehouseCode?: string;
  @Field(() => DecimalScalar, { description: "in the material's base unit" }) quantity!: string;
  @Field(() => DateScalar) neededBy!: Date;
  @Field({ description: "why (1 to 500 characters); the ERP receives it" }) reason!: string;
}

@ObjectType()
export class PurchaseRequisitionResult {
  @Field({ description: "manual-<uuid>: the key the ERP books the requisition under" }) requisitionId!: string;
  @Field({ description: "true when this answers a retried request" }) replayed!: boolean;
}
