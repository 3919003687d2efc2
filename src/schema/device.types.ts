import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { Connection } from "./connection";
import { Severity } from "./event.types";
import { DecimalScalar } from "./scalars";
import { Node } from "./node";

export enum DeviceKind { SENSOR = "SENSOR", RFID_READER = "RFID_READER", BARCODE_SCANNER = "BARCODE_SCANNER", WEIGHT_SENSOR = "WEIGHT_SENSOR" }
registerEnumType(DeviceKind, {
  name: "DeviceKind",
  valuesConfig: { WEIGHT_SENSOR: { description: "a shelf scale at a location, weighing one material: its weight is compared with the booked stock" } },
});

export enum AlarmKind { THRESHOLD = "THRESHOLD", DEVICE_SILENT = "DEVICE_SILENT" }
registerEnumType(AlarmKind, {
  name: "AlarmKind",
  valuesConfig: {
    THRESHOLD: { description: "a reading out of its threshold's range; cleared by a reading back inside" },
    DEVICE_SILENT: { description: "a device silent for longer than its expected interval × DEVICE_SILENT_GRACE; cleared by its next message" },
  },
});

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

@ObjectType({ simpleResolvers: true, description: "A measurement a device reported" })
export class SensorReadingPoint {
  @Field() metric!: string;
  @Field(() => Float) value!: number;
  @Field(() => String, { nullable: true }) unit!: string | null;
  @Field({ description: "when it was measured (the device's time, else when the hub received it)" }) recordedAt!: Date;
}

@ObjectType({ simpleResolvers: true, description: "Readings a device's message brought" })
export class SensorReadingsEvent {
  @Field(() => ID) eventId!: number;
  @Field() deviceCode!: string;
  @Field() warehouseCode!: string;
  @Field(() => [SensorReadingPoint]) readings!: SensorReadingPoint[];
  @Field() createdAt!: Date;
}

@ObjectType({ simpleResolvers: true, description: "How a device is doing, from the messages the hub receives" })
export class DeviceHealth {
  @Field(() => Date, { nullable: true, description: "when the hub last received a message from it" }) lastSeenAt!: Date | null;
  @Field(() => Int, { nullable: true, description: "how often it should send (null: not watched)" }) expectedIntervalSeconds!: number | null;
  @Field({ description: "a DEVICE_SILENT alarm is open: not heard for longer than its expected interval allows" }) silent!: boolean;
  @Field(() => Float, { nullable: true, description: "battery charge in percent, as it last reported (null: it never said)" }) battery!: number | null;
  @Field(() => Float, { description: "messages per minute over the last 5 minutes" }) messagesPerMinute!: number;
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
  @Field(() => DeviceHealth) health!: DeviceHealth;
  @Field(() => String, { nullable: true, description: "a weight sensor's material (what its shelf holds)" }) materialCode!: string | null;
  @Field(() => DecimalScalar, { nullable: true, description: "a weight sensor's own tolerance in base units (null: WEIGHT_TOLERANCE_QUANTITY)" }) weightTolerance!: string | null;
  @Field(() => DecimalScalar, { nullable: true, description: "a weight sensor's own tolerance in percent of the booked quantity (null: WEIGHT_TOLERANCE_PCT)" }) weightTolerancePct!: string | null;
  @Field({ description: "a weight sensor's shelf disagrees with the stock booked there (an open STOCK_MISMATCH exception)" }) stockMismatch!: boolean;
  @Field({ description: "a weight sensor's STOCK_MISMATCH opens a count session of its location (unless one not closed yet counts it)" }) countOnMismatch!: boolean;
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
  @Field(() => Int, { nullable: true, description: "how often it should send, 1 s to a week; silent for longer (× DEVICE_SILENT_GRACE) raises a DEVICE_SILENT alarm" })
  expectedIntervalSeconds?: number | null;
  @Field(() => ID, { nullable: true, description: "WEIGHT_SENSOR: the material on its shelf (it needs a unitWeight)" }) materialId?: string | null;
  @Field(() => String, { nullable: true }) materialCode?: string | null;
  @Field(() => DecimalScalar, { nullable: true, description: "WEIGHT_SENSOR: difference allowed in base units (default WEIGHT_TOLERANCE_QUANTITY)" }) weightTolerance?: string | null;
  @Field(() => DecimalScalar, { nullable: true, description: "WEIGHT_SENSOR: plus this percentage of the booked quantity (default WEIGHT_TOLERANCE_PCT)" }) weightTolerancePct?: string | null;
  @Field(() => Boolean, { nullable: true, description: "WEIGHT_SENSOR: a STOCK_MISMATCH opens a count session of its location (default false; on for the demo plant's scales)" })
  countOnMismatch?: boolean | null;
}

@InputType()
export class SetSensorThresholdInput {
  @Field() deviceCode!: string;
  @Field() metric!: string;
  @Field(() => Float, { nullable: true }) low?: number | null;
  @Field(() => Float, { nullable: true }) high?: number | null;
  @Field(() => Severity, { nullable: true, description: "default WARNING" }) severity?: Severity | null;
}

@ObjectType({ implements: Node, simpleResolvers: true, description: "A device reading out of its range, or a device gone silent; cleared when a reading is back inside (or the device speaks again)" })
export class Alarm {
  @Field(() => ID) id!: number;
  @Field(() => AlarmKind) kind!: AlarmKind;
  @Field() deviceCode!: string;
  @Field(() => String, { nullable: true }) warehouseCode!: string | null;
  @Field() metric!: string;
  @Field(() => Severity) severity!: Severity;
  @Field() message!: string;
  @Field(() => Float) value!: number;
  @Field(() => Float, { description: "the bound the value crossed (DEVICE_SILENT: the silence allowed, in seconds; value: how long it was silent)" }) threshold!: number;
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
  @Field(() => AlarmKind) kind!: AlarmKind;
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
