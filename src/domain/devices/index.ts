export { DeviceService, type DeviceSettings, type DeviceView, type RegisterDevice, type SetThreshold, type ThresholdView } from "./device.service";
export { SilenceWatch } from "./silence-watch";
export type { DeviceKind, DeviceRef, ShelfTolerance } from "./device.rules";
export { batteryOf, validateReadings, type SensorReading } from "./sensor-reading";
export { ReadingsAnnouncer } from "./readings-announcer";
