import net, { type AddressInfo } from "node:net";
import type { Logger } from "pino";

/** An MQTT broker running inside the hub. */
export interface EmbeddedBroker {
  /** where devices (and the hub's own connector) reach it, e.g. mqtt://127.0.0.1:1884 */
  url: string;
  close(): Promise<void>;
}

/**
 * Starts an MQTT 3.1.1 broker (aedes, in memory, over TCP) on `host:port` (port 0: any free one), so that
 * devices work without a broker of the plant's: what `npm start` runs when MQTT_URL is not set. It keeps
 * nothing across restarts and has no credentials, so it listens on 127.0.0.1 unless told otherwise. A port
 * in use is a clear start-up error (a Mosquitto of the machine usually holds 1883, hence the default 1884).
 */
export async function startEmbeddedBroker(o: { host: string; port: number }, log: Logger): Promise<EmbeddedBroker> {
  // aedes is an ES module: loaded with import(), which this CommonJS build keeps as is
  const { Aedes } = await import("aedes");
  const broker = await Aedes.createBroker();
  broker.on("clientError", (client, err) => log.debug({ err, client: client.id }, "embedded MQTT broker: client error"));
  const server = net.createServer(broker.handle);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(o.port, o.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (err) {
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    const inUse = (err as { code?: string }).code === "EADDRINUSE";
    throw new Error(
      inUse
        ? `the embedded MQTT broker cannot listen on ${o.host}:${o.port}: the port is in use (set MQTT_EMBEDDED_PORT, 0 = any free port, or MQTT_URL for a broker of your own)`
        : `the embedded MQTT broker cannot listen on ${o.host}:${o.port}: ${(err as Error).message}`,
    );
  }
  const { port } = server.address() as AddressInfo;
  const host = o.host === "0.0.0.0" || o.host === "::" ? "127.0.0.1" : o.host.includes(":") ? `[${o.host}]` : o.host;
  const url = `mqtt://${host}:${port}`;
  log.info({ url }, "embedded MQTT broker listening");
  return {
    url,
    async close() {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
