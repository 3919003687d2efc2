import { Field, Float, ID, InputType, ObjectType, registerEnumType } from "type-graphql";
import { Connection } from "./connection";
import { Severity } from "./event.types";
import { Node } from "./node";

export enum DeviceKind { SENSOR = "SENSOR", RFID_READER = "RFID_READER", BARCODE_SCANNER = "BARCODE_SCANNER" }
registerEnumType(DeviceKind, { name: "DeviceKind" });

@ObjectType({ simpleResolvers: true, description: "The range a device's metric should stay in; a reading outside it raises an alarm" })
export class SensorThreshold {
  @Field(() => ID) id!: number;
  @Field() deviceCode!: string;
  @Field() metric!: string;
  @Field(() => Float, { nullable: true }) low!: number | null;
  @Field(() => Float, { nullable: true }) high!: number | null;
  @Field(() => Severity, { description: "of the alarms it raises; CRITICAL also raises an EQUIPMENT exception" }) severity!: Severity;
  @Field() updatedAt!: Date;
  @Field() updatedBy!: string;
}

@ObjectType({ implements: Node, simpleResolvers: true, description: "A sensor or reader that talks to the hub over MQTT" })
export class Device {
  @Field(() => ID) id!: number;
  @Field() code!: string;
  @Field() name!: string;
  @Field(() => DeviceKind) kind!: DeviceKind;
  @Field(() => String, { nullable: true }) warehouseCode!: string | null;
  @Field(() => String, { nullable: true, description: "where it sits; a reader's scans default to it" }) locationCode!: string | null;
  @Field(() => Date, { nullable: true, description: "when the hub last received a message from it" }) lastSeenAt!: Date | null;
  @Field(() => [SensorThreshold]) thresholds!: SensorThreshold[];
}

@InputType()
export class RegisterDeviceInput {
  @Field({ description: "letters, digits, . _ - (it names the device in MQTT topics)" }) code!: string;
  @Field() name!: string;
  @Field(() => DeviceKind) kind!: DeviceKind;
  @Field(() => ID, { nullable: true }) warehouseId?: string | null;
  @Field(() => String, { nullable: true }) warehouseCode?: string | null;
  @Field(() => ID, { nullable: true }) locationId?: string | null;
  @Field(() => String, { nullable: true }) locationCode?: string | null;
}

@InputType()
export class SetSensorThresholdInput {
  @Field() deviceCode!: string;
  @Field() metric!: string;
  @Field(() => Float, { nullable: true }) low?: number | null;
  @Field(() => Float, { nullable: true }) high?: number | null;
  @Field(() => Severity, { nullable: true, description: "default WARNING" }) severity?: Severity | null;
}

@ObjectType({ implements: Node, simpleResolvers: true, description: "A device reading out of its range; cleared when a reading is back inside" })
export class Alarm {
  @Field(() => ID) id!: number;
  @Field() deviceCode!: string;
  @Field(() => String, { nullable: true }) warehouseCode!: string | null;
  @Field() metric!: string;
  @Field(() => Severity) severity!: Severity;
  @Field() message!: string;
  @Field(() => Float) value!: number;
  @Field(() => Float, { description: "the bound the value crossed" }) threshold!: number;
  @Field() raisedAt!: Date;
  @Field(() => Date, { nullable: true }) acknowledgedAt!: Date | null;
  @Field(() => Date, { nullable: true }) clearedAt!: Date | null;
}

export const AlarmConnection = Connection(Alarm);
export type AlarmConnection = InstanceType<typeof AlarmConnection>;

@ObjectType({ description: "An alarm was raised; `eventId` lets a client resume after a disconnect" })
export class AlarmRaisedEvent {
  @Field(() => ID) eventId!: number;
  @Field(() => ID) alarmId!: number;
  @Field() deviceCode!: string;
  @Field() warehouseCode!: string;
  @Field() metric!: string;
  @Field(() => Severity) severity!: Severity;
  @Field() message!: string;
  @Field(() => Float) value!: number;
  @Field(() => Float) threshold!: number;
  @Field() createdAt!: Date;
}

@ObjectType({ description: "A reading is back inside its range: the alarm is cleared" })
export class AlarmClearedEvent {
  @Field(() => ID) eventId!: number;
  @Field(() => ID) alarmId!: number;
  @Field() deviceCode!: string;
  @Field() warehouseCode!: string;
  @Field() metric!: string;
  @Field(() => Float) value!: number;
  @Field() createdAt!: Date;
}
