import pino, { type DestinationStream, type Logger } from "pino";
import type { Config } from "./config";

/** Structured JSON logs (stdout unless `destination` is given); every request's child logger carries its request id. */
export function createLogger(config: Pick<Config, "logLevel">, destination?: DestinationStream): Logger {
  const options = { level: config.logLevel, base: { service: "manufacturing-hub" } };
  return destination ? pino(options, destination) : pino(options);
}
