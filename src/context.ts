import type { Logger } from "pino";
import type { Principal } from "./auth/principal";
import type { Config } from "./runtime/config";
import type { Connectors } from "./connectors/connectors";
import type { Loaders } from "./loaders/create-loaders";
import type { Services } from "./services";

/** What every resolver receives: who is asking, the domain services, and this request's loaders. */
export interface RequestContext {
  requestId: string;
  principal: Principal | null;
  services: Services;
  connectors: Connectors;
  loaders: Loaders;
  config: Config;
  log: Logger;
}
