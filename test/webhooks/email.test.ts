/**
 * E-mail webhooks over the real hub and a real SMTP server (smtp-server, started here): a buyer's `mailto:`
 * webhook on `rule.notified` gets the rule's message about their material as an e-mail; with the SMTP server
 * down the delivery is retried, then dead-lettered, and a replay sends it once the server is back.
 */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { Role } from "../../src/auth/roles";
import { startTestHub, type TestHub } from "../support/test-hub";
import { until } from "../support/until";

interface Mail { to: string[]; raw: string }

/** A local SMTP server that keeps what it receives (no TLS, no login: a test's own mail drop). */
function smtpServer(received: Mail[]) {
  return new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
}
const listen = (server: SMTPServer, port: number) => new Promise<number>((resolve) => server.listen(port, "127.0.0.1", () => resolve((server.server.address() as AddressInfo).port)));
const close = (server: SMTPServer) => new Promise<void>((resolve) => server.close(() => resolve()));

/** The decoded text of a simple message: headers unfolded, quoted-printable soft breaks and escapes undone. */
function decoded(raw: string) {
  const [head, ...rest] = raw.split("\r\n\r\n");
  const body = rest.join("\r\n\r\n").replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  const header = (name: string) => head.replace(/\r\n[ \t]+/g, " ").split("\r\n").find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))?.slice(name.length + 1).trim();
  return { header, body };
}

const received: Mail[] = [];
let server: SMTPServer;
let smtpPort: number;
let t: TestHub;

const ok = async (query: string, variables: Record<string, unknown> = {}, auth?: string) => {
  const res = await t.gql(query, variables, auth === undefined ? {} : { auth });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
};

/** M1's stock rises above its safety stock and falls below again: one stock.low, and the rule notifies. */
async function low(materialCode: string) {
  const input = { materialCode, warehouseCode: "W1", locationCode: "A1", quantity: "10" };
  await ok(`mutation($i: ReceiveStockInput!) { receiveStock(input: $i) { replayed } }`, { i: input });
  await ok(`mutation($i: IssueStockInput!) { issueStock(input: $i) { replayed } }`, { i: input });
}

beforeAll(async () => {
  server = smtpServer(received);
  smtpPort = await listen(server, 0);
  t = await startTestHub({
    env: { WEBHOOKS_ENABLED: "true", WEBHOOK_TIMEOUT_MS: "2000", WEBHOOK_RETRY_BASE_MS: "1", WEBHOOK_ATTEMPTS: "3", SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, SMTP_FROM: "Hub <hub@plant.test>" },
  });
  await t.db.sql.query(`INSERT INTO unit_of_measure (code, name, precision) VALUES ('EA', 'each', 0)`);
  await t.db.sql.query(`INSERT INTO warehouse (code, name) VALUES ('W1', 'Plant')`);
  await t.db.sql.query(`INSERT INTO location (warehouse_id, code, name) SELECT id, 'A1', 'Rack' FROM warehouse`);
  for (const [code, buyer] of [["M1", "ANNA"], ["M2", "BEN"]]) {
    await ok(`mutation($input: CreateMaterialInput!) { createMaterial(input: $input) { id } }`, {
      input: { code, name: `Bought ${code}`, uomCode: "EA", type: "BUY", safetyStock: "10", abcClass: "A", buyer },
    });
    await ok(`mutation($i: ReceiveStockInput!) { receiveStock(input: $i) { replayed } }`, { i: { materialCode: code, warehouseCode: "W1", locationCode: "A1", quantity: "5" } });
  }
  const planner = await t.token([Role.PLANNER]);
  await ok(`mutation($input: RuleInput!) { createRule(input: $input) { id } }`, {
    input: {
      name: "Low A items: tell the buyer", warehouseCode: "W1", topic: "stock.low",
      conditions: JSON.stringify({ fact: "material.abcClass", operator: "equal", value: "A" }),
      actions: [{ type: "NOTIFY", message: "{material.code} is low in {warehouse.code}: {event.available} left" }],
    },
  }, planner);
  const hook = await ok(`mutation($input: WebhookInput!) { createWebhook(input: $input) { id url secretPrefix } }`, {
    input: { name: "Anna's low-stock mail", url: "mailto:anna@plant.test", topics: ["rule.notified"], buyer: "ANNA" },
  }, planner);
  expect(hook.createWebhook).toMatchObject({ url: "mailto:anna@plant.test", secretPrefix: null });
}, 120_000);
afterAll(async () => {
  await t?.stop();
  await close(server);
});

test("a rule firing on the buyer's material → an e-mail to the buyer with the rule's message; another buyer's material sends none", async () => {
  await low("M2");
  await low("M1");
  await until(() => received.length >= 1, "an e-mail");
  // BEN's notification was written before ANNA's: had it been sent, it would have arrived first
  await until(async () => (await t.db.sql.query(`SELECT 1 FROM webhook_delivery WHERE status = 'PENDING'`)).length === 0, "no delivery waiting");
  expect(received).toHaveLength(1);
  const [mail] = received;
  expect(mail.to).toEqual(["anna@plant.test"]);
  const { header, body } = decoded(mail.raw);
  expect(header("Subject")).toBe("M1 is low in W1: 5 left");
  expect(header("From")).toBe("Hub <hub@plant.test>");
  expect(header("X-Hub-Topic")).toBe("rule.notified");
  expect(body).toContain("M1 is low in W1: 5 left");
  expect(body).toContain('"materialCode": "M1"');
  const [event] = await t.db.sql.query<{ position: string }>(`SELECT position::text FROM event WHERE topic = 'rule.notified' AND payload->>'materialCode' = 'M1'`);
  expect(header("X-Hub-Event-Id")).toBe(event.position);
});

test("SMTP down: retried, dead-lettered, and replayed once the server is back", async () => {
  await close(server);
  const before = received.length;
  await low("M1");
  const integration = await t.token([Role.INTEGRATION]);
  const letters = async () => (await ok(`{ deadLetters(connector: "webhooks") { nodes { id payload error attempts } } }`, {}, integration)).deadLetters.nodes;
  await until(async () => (await letters()).length === 1, "a dead letter");
  const [letter] = await letters();
  expect(letter).toMatchObject({ payload: { topic: "rule.notified" }, attempts: 3 });
  expect(letter.error).toContain("SMTP server unreachable");
  expect(received).toHaveLength(before);

  server = smtpServer(received);
  await listen(server, smtpPort);
  const replay = await ok(`mutation($id: ID!) { replayDeadLetter(id: $id) { delivered deadLetter { id } } }`, { id: letter.id }, integration);
  expect(replay.replayDeadLetter).toEqual({ delivered: true, deadLetter: null });
  expect(received).toHaveLength(before + 1);
  expect(decoded(received.at(-1)!.raw).header("Subject")).toBe("M1 is low in W1: 5 left");
  const [hook] = (await ok(`{ webhooks { deliveries { pending delivered dead } } }`)).webhooks;
  expect(hook.deliveries).toEqual({ pending: 0, delivered: 2, dead: 0 });
});

test("bad e-mail webhooks are typed errors naming the field and write nothing", async () => {
  const count = async () => (await t.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM webhook`))[0].n;
  const before = await count();
  const create = (input: Record<string, unknown>) => t.gql(`mutation($input: WebhookInput!) { createWebhook(input: $input) { id } }`, { input: { name: "x", topics: ["stock.low"], ...input } });
  for (const [input, field] of [
    [{ url: "mailto:a@plant.test,b@plant.test" }, "url"],
    [{ url: "mailto:nobody" }, "url"],
    [{ url: "mailto:anna@plant.test", secret: "whsec-0123456789abcdef" }, "secret"],
  ] as const) {
    const res = await create(input);
    expect(res.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
  }
  expect(await count()).toBe(before);
});
