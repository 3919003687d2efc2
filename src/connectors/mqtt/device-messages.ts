import type { Principal } from "../../auth/principal";
import { batteryOf, validateReadings } from "../../domain/devices";
import { badInput, DomainError } from "../../domain/shared/domain-error";
import type { Services } from "../../services";
import { PermanentFailure } from "../retry";
import { parseDeviceTopic } from "./device-topics";
import { parseScanMessage } from "./scan-message";

const READERS = ["RFID_READER", "BARCODE_SCANNER"] as const;

function parseJson(message: string): unknown {
  try {
    return JSON.parse(message);
  } catch {
    throw badInput("the message is not JSON");
  }
}

/**
 * Maps one device message to the domain: readings are stored (and judged against thresholds), scans are
 * posted as stock movements. Throws what refused it; the connector decides about retries and answers.
 */
export class DeviceMessages {
  constructor(
    private readonly services: Pick<Services, "devices" | "scans">,
    private readonly topicPrefix: string,
    private readonly principal: Principal,
  ) {}

  async handle(topic: string, message: string): Promise<void> {
    const { warehouseCode, deviceCode, kind } = parseDeviceTopic(this.topicPrefix, topic);
    const devices = this.services.devices;
    if (kind === "readings") {
      const device = await devices.forMessage(deviceCode, warehouseCode);
      const body = parseJson(message);
      await devices.recordReadings(device, validateReadings(body, new Date()), batteryOf(body));
      return;
    }
    const device = await devices.forMessage(deviceCode, warehouseCode, READERS);
    const body = parseJson(message);
    await devices.heard(device, batteryOf(body));
    const { scanId, ...scan } = parseScanMessage(body);
    const locationCode = scan.locationCode ?? device.locationCode;
    if (!locationCode) throw badInput(`the scan names no locationCode and device ${device.code} has no location`, { field: "locationCode" });
    const input = { ...scan, deviceId: device.code, warehouseCode: device.warehouseCode, locationCode };
    try {
      // keyed by device and scanId: a redelivered or repeated message posts once
      await this.services.scans.scan(input, this.principal, `${device.code}:${scanId}`);
    } catch (err) {
      // the same key with other content: trying again cannot help (a CONFLICT is otherwise retried)
      if (err instanceof DomainError && err.code === "CONFLICT" && err.details.field === "idempotencyKey") {
        throw new PermanentFailure(`scan ${scanId} of ${device.code} was already posted with different content`);
      }
      throw err;
    }
  }
}
