import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { DecimalScalar } from "./scalars";

export enum WarehouseKind { PLANT = "PLANT", STORE = "STORE" }
export enum LocationKind { STORAGE = "STORAGE", RECEIVING = "RECEIVING", PRODUCTION = "PRODUCTION", QUARANTINE = "QUARANTINE", SHIPPING = "SHIPPING" }
export enum QcStatus { RELEASED = "RELEASED", QUARANTINE = "QUARANTINE", REJECTED = "REJECTED" }
registerEnumType(WarehouseKind, { name: "WarehouseKind" });
registerEnumType(LocationKind, { name: "LocationKind" });
registerEnumType(QcStatus, { name: "QcStatus" });

@ObjectType({ simpleResolvers: true, description: "A plant or store" })
export class Warehouse {
  @Field(() => ID) id!: number;
  @Field() code!: string;
  @Field() name!: string;
  @Field(() => WarehouseKind) kind!: WarehouseKind;
}

@ObjectType({ simpleResolvers: true, description: "A bin or area inside a warehouse" })
export class Location {
  @Field(() => ID) id!: number;
  @Field(() => ID) warehouseId!: number;
  @Field() code!: string;
  @Field() name!: string;
  @Field(() => LocationKind) kind!: LocationKind;
}

@ObjectType({ simpleResolvers: true, description: "A lot or batch of one material" })
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
