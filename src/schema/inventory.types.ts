import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { DecimalScalar } from "./scalars";
import { Node } from "./node";

export enum WarehouseKind { PLANT = "PLANT", STORE = "STORE" }
export enum LocationKind { STORAGE = "STORAGE", RECEIVING = "RECEIVING", PRODUCTION = "PRODUCTION", QUARANTINE = "QUARANTINE", SHIPPING = "SHIPPING" }
export enum QcStatus { RELEASED = "RELEASED", QUARANTINE = "QUARANTINE", REJECTED = "REJECTED" }
registerEnumType(WarehouseKind, { name: "WarehouseKind" });
registerEnumType(LocationKind, { name: "LocationKind" });
registerEnumType(QcStatus, { name: "QcStatus" });

@ObjectType({ implements: Node, simpleResolvers: true, description: "A plant or store" })
export class Warehouse {
  @Field(() => ID) id!: number;
  @Field() code!: string;
  @Field() name!: string;
  @Field(() => WarehouseKind) kind!: WarehouseKind;
  @Field({ description: "a deactivated warehouse keeps its history" }) active!: boolean;
}

@ObjectType({ implements: Node, simpleResolvers: true, description: "A bin or area inside a warehouse" })
export class Location {
  @Field(() => ID) id!: number;
  @Field(() => ID) warehouseId!: number;
  @Field() code!: string;
  @Field() name!: string;
  @Field(() => LocationKind) kind!: LocationKind;
  @Field(() => Int, { nullable: true, description: "order in which a picker passes it" }) pickSequence!: number | null;
  @Field(() => DecimalScalar, { nullable: true }) x!: unknown;
  @Field(() => DecimalScalar, { nullable: true }) y!: unknown;
  @Field(() => DecimalScalar, { nullable: true, description: "how much it holds (null = unlimited)" }) capacity!: unknown;
  @Field() active!: boolean;
}

@InputType()
export class WarehouseInput {
  @Field() code!: string;
  @Field() name!: string;
  @Field(() => WarehouseKind, { nullable: true, description: "default STORE" }) kind?: WarehouseKind;
  @Field(() => Boolean, { nullable: true, description: "false deactivates it (refused while it holds stock); default true" }) active?: boolean;
}

@InputType()
export class LocationInput {
  @Field() warehouseCode!: string;
  @Field() code!: string;
  @Field() name!: string;
  @Field(() => LocationKind, { nullable: true, description: "default STORAGE; cannot change while it holds stock" }) kind?: LocationKind;
  @Field(() => Int, { nullable: true }) pickSequence?: number;
  @Field(() => DecimalScalar, { nullable: true }) x?: string;
  @Field(() => DecimalScalar, { nullable: true }) y?: string;
  @Field(() => DecimalScalar, { nullable: true }) capacity?: string;
  @Field(() => Boolean, { nullable: true, description: "false deactivates it (refused while it holds stock); default true" }) active?: boolean;
}

@ObjectType({ implements: Node, simpleResolvers: true, description: "A lot or batch of one material" })
export class Lot {
  @Field(() => ID) id!: number;
  @Field(() => ID) materialId!: number;
  @Field() code!: string;
  @Field(() => Date, { nullable: true }) expiresAt!: Date | null;
  @Field(() => QcStatus) qcStatus!: QcStatus;
  @Field() createdAt!: Date;
}

@ObjectType({ simpleResolvers: true, description: "Stock of one material at one location (and lot)" })
export class StockBalance {
  @Field(() => ID) id!: number;
  @Field(() => ID) materialId!: number;
  @Field(() => ID) locationId!: number;
  @Field(() => ID) warehouseId!: number;
  @Field(() => ID, { nullable: true }) lotId!: number | null;
  @Field(() => DecimalScalar) onHand!: unknown;
  @Field(() => DecimalScalar) reserved!: unknown;
  @Field(() => DecimalScalar, { description: "onHand - reserved" }) available!: unknown;
  @Field(() => DecimalScalar) inTransit!: unknown;
  @Field() updatedAt!: Date;
}
