import type { Logger } from "pino";
import { PeriodicJob } from "../shared/periodic-job";
import type { DeviceService } from "./device.service";

/**
 * Checks for silent devices every `everyMs` (DEVICE_HEALTH_CHECK_MS): the next check is due that long after
 * the previous one finished, so checks never overlap.
 */
export class SilenceWatch extends PeriodicJob {
  constructor(devices: DeviceService, everyMs: number, log: Logger) {
    super({ name: "silent-device check", everyMs }, async () => {
      const { raised } = await devices.checkSilence();
      if (raised) log.info({ raised }, "devices fell silent");
    }, log);
  }
}
