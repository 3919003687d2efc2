import { PermanentFailure } from "../retry";

export type MessageKind = "readings" | "scans";

/** What a device topic names: `<prefix>/<warehouseCode>/devices/<deviceCode>/<readings|scans>`. */
export interface DeviceTopic {
  warehouseCode: string;
  deviceCode: string;
  kind: MessageKind;
}

/** The topics the hub listens to. */
export const deviceTopicFilters = (prefix: string): string[] => [`${prefix}/+/devices/+/readings`, `${prefix}/+/devices/+/scans`];

export function parseDeviceTopic(prefix: string, topic: string): DeviceTopic {
  const levels = topic.startsWith(`${prefix}/`) ? topic.slice(prefix.length + 1).split("/") : [];
  const [warehouseCode, devices, deviceCode, kind] = levels;
  if (levels.length !== 4 || devices !== "devices" || !warehouseCode || !deviceCode || (kind !== "readings" && kind !== "scans")) {
    throw new PermanentFailure(`topic ${topic} is not ${prefix}/<warehouse>/devices/<device>/readings or …/scans`);
  }
  return { warehouseCode, deviceCode, kind };
}

/** The warehouse a device topic names, even when the rest is malformed (it decides who sees its dead letter). */
export function warehouseOfTopic(prefix: string, topic: string): string | null {
  const level = topic.startsWith(`${prefix}/`) ? topic.slice(prefix.length + 1).split("/")[0] : "";
  return level ? level.toUpperCase() : null;
}

/** Where the hub answers a scan, so that the reader can beep: the scan's topic + `/result`. */
export const scanResultTopic = (scanTopic: string) => `${scanTopic}/result`;
