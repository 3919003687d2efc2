import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { Connection } from "./connection";
import { DateScalar, DecimalScalar } from "./scalars";
import { Node } from "./node";
import { ATOMIC_DESCRIPTION, BulkItemError, ITEM_KEY_DESCRIPTION } from "./bulk.types";

export enum MovementType {
  RECEIPT = "RECEIPT", ISSUE = "ISSUE", MOVE_OUT = "MOVE_OUT", MOVE_IN = "MOVE_IN", TRANSFER_SHIP = "TRANSFER_SHIP",
  TRANSFER_RECEIVE = "TRANSFER_RECEIVE", ADJUSTMENT = "ADJUSTMENT", SCRAP = "SCRAP", BACKFLUSH = "BACKFLUSH",
  PRODUCTION_RECEIPT = "PRODUCTION_RECEIPT", COUNT = "COUNT",
}
export enum ScanAction {
  RECEIVE = "RECEIVE", ISSUE = "ISSUE", MOVE = "MOVE", COUNT = "COUNT", QC_HOLD = "QC_HOLD", QC_RELEASE = "QC_RELEASE", QC_REJECT = "QC_REJECT",
}
export enum TransferStatus { OPEN = "OPEN", IN_TRANSIT = "IN_TRANSIT", PARTIALLY_RECEIVED = "PARTIALLY_RECEIVED", RECEIVED = "RECEIVED", CANCELLED = "CANCELLED" }
export enum BalanceField { ON_HAND = "ON_HAND", IN_TRANSIT = "IN_TRANSIT", RESERVED = "RESERVED" }
export enum LedgerProblem { HASH_MISMATCH = "HASH_MISMATCH", LINK_MISMATCH = "LINK_MISMATCH" }
registerEnumType(MovementType, { name: "MovementType" });
registerEnumType(ScanAction, {
  name: "ScanAction",
  description: "What a barcode/RFID scan does; QC_* change the read lot's QC status (PLANNER, INTEGRATION; the code must name the lot)",
});
registerEnumType(TransferStatus, { name: "TransferStatus" });
registerEnumType(BalanceField, { name: "BalanceField" });
registerEnumType(LedgerProblem, { name: "LedgerProblem" });

@ObjectType({ description: "One append-only stock movement line; `hash` chains it to the entry before" })
export class StockLedgerEntry {
  @Field(() => ID) id!: string;
  @Field() postedAt!: Date;
  @Field(() => MovementType) type!: MovementType;
  @Field(() => DecimalScalar, { description: "signed change of on hand" }) quantity!: string;
  @Field(() => DecimalScalar, { description: "signed change of in transit" }) inTransitDelta!: string;
  @Field(() => String, { nullable: true }) reasonCode!: string | null;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field({ description: "who posted it: user:<sub> or key:<prefix>" }) postedBy!: string;
  @Field(() => String, { nullable: true }) prevHash!: string | null;
  @Field(() => String, { nullable: true }) hash!: string | null;
}

export const StockLedgerEntryConnection = Connection(StockLedgerEntry);
export type StockLedgerEntryConnection = InstanceType<typeof StockLedgerEntryConnection>;

@ObjectType({ implements: Node })
export class TransferOrder {
  @Field(() => ID) id!: number;
  @Field() number!: string;
  @Field(() => TransferStatus) status!: TransferStatus;
  @Field(() => DecimalScalar) quantity!: string;
  @Field(() => DecimalScalar) shippedQuantity!: string;
  @Field(() => DecimalScalar) receivedQuantity!: string;
  @Field() createdAt!: Date;
  @Field() createdBy!: string;
}

@ObjectType({ description: "What a stock command did; a replay (same idempotency key) returns the first result" })
export class StockMovementResult {
  @Field(() => [StockLedgerEntry]) entries!: StockLedgerEntry[];
  @Field({ description: "true when this is the stored result of an earlier identical request" }) replayed!: boolean;
  @Field(() => TransferOrder, { nullable: true }) transferOrder!: TransferOrder | null;
}

@ObjectType({ description: "Stock of one material in one warehouse" })
export class WarehouseStock {
  @Field(() => DecimalScalar) onHand!: string;
  @Field(() => DecimalScalar) reserved!: string;
  @Field(() => DecimalScalar, { description: "on hand − reserved, in usable stock (released, unexpired lots outside quarantine)" }) available!: string;
  @Field(() => DecimalScalar, { description: "unreserved on hand that may not be used: quarantined, rejected or expired lots, quarantine locations" }) blocked!: string;
  @Field(() => DecimalScalar) inTransit!: string;
}

@ObjectType({ simpleResolvers: true, description: "A material whose usable available stock in a warehouse is below its reorder point now" })
export class LowStockLevel {
  @Field(() => ID) materialId!: number;
  @Field() materialCode!: string;
  @Field(() => ID) warehouseId!: number;
  @Field() warehouseCode!: string;
  @Field(() => DecimalScalar, { description: "usable on hand less reserved, in the base unit" }) available!: string;
  @Field(() => DecimalScalar) safetyStock!: string;
  @Field(() => DecimalScalar, { description: "the one computed for the warehouse (inventoryPolicies), else the material's safety stock" }) reorderPoint!: string;
}

@ObjectType({ simpleResolvers: true, description: "The first materials below their reorder point, the most short first (available ÷ reorder point), and how many there are" })
export class LowStockList {
  @Field(() => Int) totalCount!: number;
  @Field(() => [LowStockLevel]) nodes!: LowStockLevel[];
}

@ObjectType()
export class BalanceDifference {
  @Field(() => ID) materialId!: number;
  @Field(() => ID) locationId!: number;
  @Field(() => ID, { nullable: true }) lotId!: number | null;
  @Field(() => BalanceField) field!: BalanceField;
  @Field(() => DecimalScalar, { description: "re-derived from the ledger (reserved: from open reservations)" }) expected!: string;
  @Field(() => DecimalScalar, { description: "stored in the balance" }) actual!: string;
}

@ObjectType()
export class WorkOrderReservationDifference {
  @Field(() => ID) workOrderId!: number;
  @Field(() => ID) materialId!: number;
  @Field(() => DecimalScalar, { description: "open reservations, reserved less consumed" }) expected!: string;
  @Field(() => DecimalScalar, { description: "the work order's reserved quantity" }) actual!: string;
}

@ObjectType({ description: "Balances re-derived from the ledger, and work orders' reserved quantities from reservations, compared with the stored ones" })
export class StockIntegrityReport {
  @Field() ok!: boolean;
  @Field(() => Int) balancesChecked!: number;
  @Field(() => [BalanceDifference]) differences!: BalanceDifference[];
  @Field(() => [WorkOrderReservationDifference], { description: "components whose reserved quantity differs from their open reservations" })
  workOrderDifferences!: WorkOrderReservationDifference[];
}

@ObjectType()
export class BrokenLedgerLink {
  @Field(() => ID) entryId!: string;
  @Field(() => LedgerProblem) problem!: LedgerProblem;
  @Field(() => String, { nullable: true }) expected!: string | null;
  @Field(() => String, { nullable: true }) found!: string | null;
}

@ObjectType({ description: "Result of recomputing the ledger's hash chain" })
export class LedgerVerification {
  @Field() ok!: boolean;
  @Field(() => Int) entriesChecked!: number;
  @Field(() => BrokenLedgerLink, { nullable: true }) brokenAt!: BrokenLedgerLink | null;
}

@ObjectType({ description: "A lot linked to the traced lot through work orders" })
export class GenealogyLink {
  @Field(() => Int, { description: "steps from the traced lot" }) depth!: number;
}

@InputType()
export class StockLedgerFilter {
  @Field(() => ID, { nullable: true }) materialId?: string;
  @Field(() => String, { nullable: true }) materialCode?: string;
  @Field(() => String, { nullable: true }) lotCode?: string;
  @Field(() => ID, { nullable: true }) warehouseId?: string;
  @Field(() => String, { nullable: true }) warehouseCode?: string;
  @Field(() => ID, { nullable: true, description: "one location, by its id" }) locationId?: string;
  @Field(() => MovementType, { nullable: true }) type?: MovementType;
  @Field(() => ID, { nullable: true }) workOrderId?: string;
  @Field(() => String, { nullable: true }) workOrderNumber?: string;
  @Field(() => Date, { nullable: true, description: "posted at or after" }) from?: Date;
  @Field(() => Date, { nullable: true, description: "posted before" }) to?: Date;
}

@ArgsType()
export class LotArgs {
  @Field(() => ID, { nullable: true }) materialId?: string;
  @Field(() => String, { nullable: true }) materialCode?: string;
  @Field() lotCode!: string;
}

/** Each thing an input names is named by its id or by its code (orders: number): give exactly one of each pair. */
@InputType()
class StockLineInput {
  @Field(() => ID, { nullable: true }) materialId?: string;
  @Field(() => String, { nullable: true }) materialCode?: string;
  @Field(() => ID, { nullable: true }) warehouseId?: string;
  @Field(() => String, { nullable: true }) warehouseCode?: string;
  @Field(() => DecimalScalar) quantity!: string;
  @Field(() => String, { nullable: true, description: "the material's unit (default) or one of its alternative units, converted to the base unit" }) uom?: string;
  @Field(() => String, { nullable: true }) lotCode?: string;
  @Field(() => String, { nullable: true }) note?: string;
}

@InputType()
export class ReceiveStockInput extends StockLineInput {
  @Field(() => ID, { nullable: true }) locationId?: string;
  @Field(() => String, { nullable: true }) locationCode?: string;
  @Field(() => Date, { nullable: true, description: "expiry of a new lot" }) expiresAt?: Date;
  @Field(() => String, { nullable: true }) reasonCode?: string;
  @Field(() => String, { nullable: true, description: "the purchase order delivered: its received quantity grows (never past what was ordered) and MRP counts only the rest" })
  purchaseOrderNumber?: string;
  @Field(() => ID, { nullable: true }) purchaseOrderId?: string;
}

@InputType()
export class ReceiptItem extends ReceiveStockInput {
  @Field(() => String, { nullable: true, description: ITEM_KEY_DESCRIPTION }) idempotencyKey?: string;
}

@InputType({ description: "An ERP's batch of goods receipts (at most 100)" })
export class PostReceiptsInput {
  @Field(() => [ReceiptItem]) items!: ReceiptItem[];
  @Field({ defaultValue: true, description: ATOMIC_DESCRIPTION }) atomic!: boolean;
}

@ObjectType({ description: "One item of postReceipts: its movement, or why it was refused" })
export class ReceiptOutcome {
  @Field(() => Int, { description: "the item's position in the call (0 = first)" }) index!: number;
  @Field(() => StockMovementResult, { nullable: true }) result!: StockMovementResult | null;
  @Field(() => BulkItemError, { nullable: true }) error!: BulkItemError | null;
}

@ObjectType()
export class PostReceiptsResult {
  @Field(() => [ReceiptOutcome], { description: "one per item, in the call's order" }) items!: ReceiptOutcome[];
  @Field(() => Int, { description: "items refused (atomic calls: always 0)" }) failed!: number;
  @Field({ description: "atomic: the stored result of an earlier identical call; else true when every item was a replay" }) replayed!: boolean;
}

@InputType()
export class IssueStockInput extends StockLineInput {
  @Field(() => ID, { nullable: true }) locationId?: string;
  @Field(() => String, { nullable: true, description: "take only from this location" }) locationCode?: string;
  @Field(() => ID, { nullable: true }) workOrderId?: string;
  @Field(() => String, { nullable: true, description: "issue against this work order (within its reservation + tolerance)" }) workOrderNumber?: string;
  @Field(() => String, { nullable: true }) reasonCode?: string;
}

@InputType()
export class MoveStockInput extends StockLineInput {
  @Field(() => ID, { nullable: true }) fromLocationId?: string;
  @Field(() => String, { nullable: true }) fromLocationCode?: string;
  @Field(() => ID, { nullable: true }) toLocationId?: string;
  @Field(() => String, { nullable: true }) toLocationCode?: string;
}

@InputType({ description: "Adjustment (signed quantity) or scrap (positive quantity taken out); both need a reason" })
export class AdjustStockInput extends StockLineInput {
  @Field(() => ID, { nullable: true }) locationId?: string;
  @Field(() => String, { nullable: true }) locationCode?: string;
  @Field() reasonCode!: string;
}

@InputType()
export class CreateTransferInput {
  @Field(() => ID, { nullable: true }) materialId?: string;
  @Field(() => String, { nullable: true }) materialCode?: string;
  @Field(() => ID, { nullable: true }) fromWarehouseId?: string;
  @Field(() => String, { nullable: true }) fromWarehouseCode?: string;
  @Field(() => ID, { nullable: true }) toWarehouseId?: string;
  @Field(() => String, { nullable: true }) toWarehouseCode?: string;
  @Field(() => DecimalScalar) quantity!: string;
  @Field(() => DateScalar, { nullable: true }) dueDate?: Date;
  @Field(() => String, { nullable: true }) reason?: string;
}

@InputType()
export class ShipTransferInput {
  @Field(() => ID, { nullable: true }) id?: string;
  @Field(() => String, { nullable: true }) number?: string;
  @Field(() => DecimalScalar, { nullable: true, description: "default: all not yet shipped" }) quantity?: string;
  @Field(() => ID, { nullable: true }) fromLocationId?: string;
  @Field(() => String, { nullable: true }) fromLocationCode?: string;
  @Field(() => String, { nullable: true }) lotCode?: string;
}

@InputType()
export class ReceiveTransferInput {
  @Field(() => ID, { nullable: true }) id?: string;
  @Field(() => String, { nullable: true }) number?: string;
  @Field(() => DecimalScalar, { nullable: true, description: "default: all in transit" }) quantity?: string;
  @Field(() => ID, { nullable: true }) locationId?: string;
  @Field(() => String, { nullable: true, description: "default: the receiving location, where it is in transit" }) locationCode?: string;
  @Field(() => String, { nullable: true }) lotCode?: string;
}

@InputType({ description: "A barcode or RFID read: code is MATERIAL or MATERIAL|LOT; epc is the same text hex-encoded" })
export class ScanInput {
  @Field() deviceId!: string;
  @Field(() => String, { nullable: true }) code?: string;
  @Field(() => String, { nullable: true }) epc?: string;
  @Field(() => ScanAction) action!: ScanAction;
  @Field(() => DecimalScalar, { description: "COUNT: the counted quantity; ignored by QC actions" }) quantity!: string;
  @Field() warehouseCode!: string;
  @Field() locationCode!: string;
  @Field(() => String, { nullable: true, description: "MOVE only" }) toLocationCode?: string;
  @Field(() => String, { nullable: true }) uom?: string;
  @Field(() => String, { nullable: true, description: "QC actions: why (default: the device that read it)" }) reason?: string;
}
