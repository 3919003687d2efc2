export { AlarmService, clearAlarm, openAlarmsOf, raiseAlarm, type AlarmFilter, type AlarmRaise, type AlarmSubject } from "./alarm.service";
export type { AlarmKind, AlarmRow, Severity } from "./alarm.store";
export { breachMessage, breachOf, silenceMessage, type Breach, type ThresholdBounds } from "./threshold";
