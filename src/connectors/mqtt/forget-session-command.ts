import { withoutCredentials } from "./mqtt-connector";
import { forgetSession } from "./mqtt-sessions";

const USAGE = "usage: npm run mqtt:forget-session -- <clientId> [--url mqtt://…] [--prefix <topic prefix>]   (defaults: MQTT_URL, MQTT_TOPIC_PREFIX or hub)";

/**
 * `npm run mqtt:forget-session -- <clientId>`: ends the broker's session of a client id no hub runs with
 * any more (what it still holds is dropped) and removes its record, so that it stops taking a share of the
 * device messages. Returns what to print.
 */
export async function forgetSessionCommand(args: string[], env: Record<string, string | undefined>): Promise<string> {
  const flags = new Map<string, string>();
  const ids: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const flag = /^--(url|prefix)(?:=(.*))?$/.exec(args[i]);
    if (!flag) ids.push(args[i]);
    else flags.set(flag[1], flag[2] ?? args[++i] ?? "");
  }
  const url = flags.get("url") ?? env.MQTT_URL;
  const prefix = flags.get("prefix") ?? env.MQTT_TOPIC_PREFIX ?? "hub";
  if (ids.length !== 1 || !url) throw new Error(USAGE);
  const [clientId] = ids;
  await forgetSession(url, prefix, clientId);
  return `ended the MQTT session of client id ${clientId} at ${withoutCredentials(url)}`;
}
