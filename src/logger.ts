import pino, { type Logger } from "pino";
import type { Config } from "./config";

/** Structured JSON logs; every request's child logger carries its request id. */
export function createLogger(config: Pick<Config, "logLevel">): Logger {
  return pino({ level: config.logLevel, base: { service: "manufacturing-hub" } });
}
