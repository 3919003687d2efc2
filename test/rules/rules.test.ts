/**
 * Rules over the real server: a planner creates a rule through the graph; events published through the
 * outbox make it act once per event — with two hubs on one database and a hub stopped mid-way and
 * restarted —; the dry run reports what the live run then does; a rule's own effects do not trigger it,
 * a chain of rules deeper than the limit is stopped and recorded; bad definitions are typed errors
 * naming the field, writing nothing.
 *
 * The plant: warehouse W1, bought materials A1 (class A) and C1 (class C), safety stock 10, in EA.
 * `stock.low` events are written to the outbox as the stock area writes them.
 */
import { Role } from "../../src/auth/roles";
import { openDatabase } from "../../src/db/database";
import { createLogger } from "../../src/runtime/logger";
import { startHub, type Hub } from "../../src/server";
import { MAX_CHAIN_DEPTH } from "../../src/domain/rules";
import { startTestHub, type TestHub } from "../support/test-hub";
import { until } from "../support/until";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
/** the advisory lock (key, 0) of the hub that runs the rules */
const RULES_LOCK = 74_260_030;
let t: TestHub;
let planner: string;
const ids: Record<string, number> = {};

const CREATE = `mutation($input: RuleInput!) { createRule(input: $input) { id version topic } }`;
const A_ITEM_LOW = {
  name: "A items low: requisition to 50",
  warehouseCode: "W1",
  topic: "stock.low",
  conditions: JSON.stringify({
    all: [
      { fact: "material.abcClass", operator: "equal", value: "A" },
      { fact: "warehouse.code", operator: "equal", value: "W1" },
    ],
  }),
  actions: [
    { type: "PURCHASE_REQUISITION", quantityPolicy: "TO_MAX", maxLevel: "50" },
    {
      type: "NOTIFY",
      message:
        "{material.code} low in {warehouse.code}: {event.available} left",
    },
  ],
};

async function stockLow(
  materialCode: string,
  available: string,
): Promise<void> {
  await t.db.sql.query(
    `INSERT INTO event (topic, payload) VALUES ('stock.low', $1::jsonb)`,
    [
      JSON.stringify({
        materialId: ids[materialCode],
        materialCode,
        warehouseId: ids.W1,
        warehouseCode: "W1",
        available,
        safetyStock: "10",
      }),
    ],
  );
}

const count = async (from: string, params: unknown[] = []) =>
  Number(
    (
      await t.db.sql.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM ${from}`,
        params,
      )
    )[0].n,
  );
const firingsOf = (ruleId: number) =>
  t.db.sql.query<{
    eventPosition: string;
    status: string;
    actions: unknown;
    error: string | null;
  }>(
    `SELECT event_position::text AS "eventPosition", status, actions, error FROM rule_firing WHERE rule_id = $1 ORDER BY event_position`,
    [ruleId],
  );
const eventsOf = (topic: string) =>
  t.db.sql.query<{
    position: string;
    payload: Record<string, unknown>;
    cause: Record<string, unknown> | null;
  }>(
    `SELECT position::text AS position, payload, cause FROM event WHERE topic = $1 AND position IS NOT NULL ORDER BY position`,
    [topic],
  );

beforeAll(async () => {
  t = await startTestHub({ env: { REDIS_URL } });
  planner = await t.token([Role.PLANNER]);
  await t.db.sql.query(
    `INSERT INTO unit_of_measure (code, name, precision) VALUES ('EA', 'each', 0)`,
  );
  await t.db.sql.query(
    `INSERT INTO warehouse (code, name) VALUES ('W1', 'Plant'), ('W2', 'Store')`,
  );
  for (const [code, abcClass] of [
    ["A1", "A"],
    ["C1", "C"],
  ]) {
    const res = await t.gql(
      `mutation($input: CreateMaterialInput!) { createMaterial(input: $input) { id } }`,
      {
        input: {
          code,
          name: code,
          uomCode: "EA",
          type: "BUY",
          leadTimeDays: 7,
          safetyStock: "10",
          abcClass,
        },
      },
    );
    expect(res.errors).toBeUndefined();
  }
  for (const r of await t.db.sql.query<{ code: string; id: number }>(
    `SELECT code, id FROM material UNION ALL SELECT code, id FROM warehouse`,
  ))
    ids[r.code] = r.id;
}, 120_000);
afterAll(async () => {
  await t?.stop();
});

let ruleId: number;

test("a low A item: the rule pushes one requisition for the quantity up to max and notifies; a C item does nothing", async () => {
  const created = await t.gql(CREATE, { input: A_ITEM_LOW }, { auth: planner });
  expect(created.errors).toBeUndefined();
  ruleId = Number(created.data.createRule.id);
  expect(created.data.createRule).toMatchObject({
    version: 1,
    topic: "stock.low",
  });

  await stockLow("C1", "3");
  await stockLow("A1", "4");
  await until(
    async () =>
      (await firingsOf(ruleId)).length === 1 &&
      (await eventsOf("rule.notified")).length === 1,
    "the rule's firing",
  );
  const [low] = (await eventsOf("stock.low")).filter(
    (e) => e.payload.materialCode === "A1",
  );
  const [req] = await eventsOf("purchase.requisitioned");
  const leadDays = 7;
  const lowAt = (
    await t.db.sql.query<{ at: Date }>(
      `SELECT created_at AS at FROM event WHERE position = $1`,
      [low.position],
    )
  )[0].at;
  expect(req.payload).toEqual({
    requisitionId: `rule-${ruleId}-event-${low.position}`,
    materialCode: "A1",
    warehouseCode: "W1",
    quantity: String(50 - 4),
    neededBy: new Date(lowAt.getTime() + leadDays * 86_400_000)
      .toISOString()
      .slice(0, 10),
    reason: `${A_ITEM_LOW.name} (stock.low #${low.position})`,
    ruleId,
    sourceEventId: Number(low.position),
  });
  expect(req.cause).toEqual({
    ruleId,
    sourceEventId: Number(low.position),
    depth: 1,
  });
  const [note] = await eventsOf("rule.notified");
  expect(note.payload).toEqual({
    ruleId,
    ruleName: A_ITEM_LOW.name,
    eventId: Number(low.position),
    topic: "stock.low",
    message: "A1 low in W1: 4 left",
    warehouseCode: "W1",
    materialCode: "A1",
  });

  const log = await t.gql(
    `query($id: ID) { ruleFirings(ruleId: $id) { ruleVersion eventId status actions { type inputs } } }`,
    { id: String(ruleId) },
    { auth: planner },
  );
  expect(log.data.ruleFirings).toHaveLength(1);
  expect(log.data.ruleFirings[0]).toMatchObject({
    ruleVersion: 1,
    eventId: low.position,
    status: "DONE",
  });
  expect(
    log.data.ruleFirings[0].actions.map((a: { type: string }) => a.type),
  ).toEqual(["PURCHASE_REQUISITION", "NOTIFY"]);
});

test("the dry run reports the same actions the live run took, and writes nothing", async () => {
  const before = await count("rule_firing");
  const dry = await t.gql(
    `query($id: ID) { dryRunRule(ruleId: $id, days: 1) { eventId actions { type inputs } error } }`,
    { id: String(ruleId) },
    { auth: planner },
  );
  expect(dry.errors).toBeUndefined();
  const live = await t.gql(
    `query($id: ID) { ruleFirings(ruleId: $id) { eventId actions { type inputs } } }`,
    { id: String(ruleId) },
    { auth: planner },
  );
  const plain = (f: {
    eventId: string;
    actions: { type: string; inputs: string }[];
  }) => ({
    eventId: String(f.eventId),
    actions: f.actions.map((a) => ({
      type: a.type,
      inputs: JSON.parse(a.inputs),
    })),
  });
  expect(dry.data.dryRunRule.map(plain)).toEqual(
    live.data.ruleFirings.map(plain),
  );
  expect(dry.data.dryRunRule.length).toBeGreaterThan(0);
  expect(await count("rule_firing")).toBe(before);
});

test("a rule's own effects do not trigger it; a chain of rules deeper than the limit is stopped as a failed firing", async () => {
  const echo = (name: string) => ({
    name,
    warehouseCode: "W1",
    topic: "rule.notified",
    actions: [{ type: "NOTIFY", message: `${name} heard {event.ruleName}` }],
  });
  const ping = Number(
    (await t.gql(CREATE, { input: echo("ping") }, { auth: planner })).data
      .createRule.id,
  );
  await stockLow("A1", "6");
  // the A-item rule notifies (depth 1); ping hears it (depth 2) and then would hear only itself: it does not
  await until(
    async () => (await firingsOf(ping)).length === 1,
    "ping's firing",
  );
  const pingFirings = await firingsOf(ping);
  expect(pingFirings.map((f) => f.status)).toEqual(["DONE"]);

  // with a second echo, each hears the other: the chain grows until the limit stops it
  const pong = Number(
    (await t.gql(CREATE, { input: echo("pong") }, { auth: planner })).data
      .createRule.id,
  );
  await stockLow("A1", "7");
  const failed = await until(async () => {
    const rows = await t.db.sql.query<{ error: string }>(
      `SELECT error FROM rule_firing WHERE status = 'FAILED' AND rule_id = ANY($1::int[])`,
      [[ping, pong]],
    );
    return rows[0];
  }, "the stopped chain");
  expect(failed.error).toContain(`${MAX_CHAIN_DEPTH + 1} deep`);
  const deepest = await t.db.sql.query<{ depth: number }>(
    `SELECT max((cause->>'depth')::int) AS depth FROM event`,
  );
  expect(deepest[0].depth).toBe(MAX_CHAIN_DEPTH);
  for (const id of [ping, pong])
    expect(
      (
        await t.gql(
          `mutation($id: ID!) { setRuleEnabled(id: $id, enabled: false) { enabled version } }`,
          { id: String(id) },
          { auth: planner },
        )
      ).data.setRuleEnabled,
    ).toEqual({ enabled: false, version: 2 });
});

test("bad definitions are typed errors naming the field, and write nothing", async () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ["unknown topic", { topic: "stock.lowish" }, "topic"],
    [
      "malformed condition",
      {
        conditions: JSON.stringify({
          all: [{ fact: "material.abcClass", operator: "like", value: "A" }],
        }),
      },
      "conditions.all[0].operator",
    ],
    ["condition not JSON", { conditions: "{all: [" }, "conditions"],
    [
      "unknown action",
      { actions: [{ type: "LAUNCH_ROCKET" }] },
      "actions[0].type",
    ],
    [
      "quantity zero",
      {
        actions: [
          {
            type: "PURCHASE_REQUISITION",
            quantityPolicy: "FIXED",
            quantity: "0",
          },
        ],
      },
      "actions[0].quantity",
    ],
    [
      "negative max",
      {
        actions: [
          {
            type: "PURCHASE_REQUISITION",
            quantityPolicy: "TO_MAX",
            maxLevel: "-5",
          },
        ],
      },
      "actions[0].maxLevel",
    ],
    ["unknown warehouse", { warehouseCode: "NOPE" }, "warehouseCode"],
    [
      "unknown transfer source",
      {
        actions: [
          {
            type: "TRANSFER",
            quantityPolicy: "FIXED",
            quantity: "5",
            fromWarehouseCode: "NOPE",
          },
        ],
      },
      "actions[0].fromWarehouseCode",
    ],
    [
      "unknown material",
      {
        conditions: JSON.stringify({
          fact: "material.code",
          operator: "in",
          value: ["A1", "ZZ9"],
        }),
      },
      "conditions.value",
    ],
  ];
  const before = {
    rules: await count("rule"),
    versions: await count("rule_version"),
  };
  for (const [what, change, field] of cases) {
    const res = await t.gql(
      CREATE,
      { input: { ...A_ITEM_LOW, name: `bad: ${what}`, ...change } },
      { auth: planner },
    );
    expect({
      what,
      code: res.errors?.[0].extensions?.code,
      field: res.errors?.[0].extensions?.field,
    }).toEqual({ what, code: "BAD_USER_INPUT", field });
  }
  expect({
    rules: await count("rule"),
    versions: await count("rule_version"),
  }).toEqual(before);
});

test("a purchase suggestion released at once into the current plan, and a transfer from the store", async () => {
  const run = await t.gql(`mutation { startMrpRun(input: { warehouseCode: "W1", horizonBuckets: 4 }) { id } }`, {}, { auth: planner });
  expect(run.errors).toBeUndefined();
  await until(async () => (await t.db.sql.query(`SELECT 1 FROM mrp_run WHERE id = $1 AND is_current`, [Number(run.data.startMrpRun.id)])).length > 0, "the current plan");
  const create = await t.gql(CREATE, {
    input: {
      name: "C1 low: buy 20 and fetch 5", warehouseCode: "W1", topic: "stock.low",
      conditions: JSON.stringify({ fact: "material.code", operator: "equal", value: "C1" }),
      actions: [
        { type: "PURCHASE_SUGGESTION", quantityPolicy: "FIXED", quantity: "20", release: true },
        { type: "TRANSFER", quantityPolicy: "FIXED", quantity: "5", fromWarehouseCode: "W2" },
      ],
    },
  }, { auth: planner });
  expect(create.errors).toBeUndefined();
  const buyRule = Number(create.data.createRule.id);
  await stockLow("C1", "2");
  await until(async () => (await firingsOf(buyRule)).length === 1, "the firing");
  expect((await firingsOf(buyRule))[0]).toMatchObject({ status: "DONE", error: null });
  const suggestions = await t.db.sql.query<{ quantity: string; status: string; pegs: unknown; current: boolean }>(
    `SELECT s.quantity::text AS quantity, s.status::text AS status, s.pegs, r.is_current AS current FROM purchase_suggestion s JOIN mrp_run r ON r.id = s.mrp_run_id
      WHERE s.material_id = $1 AND s.pegs::jsonb @> $2::jsonb`,
    [ids.C1, JSON.stringify([[`RULE:${buyRule}`, "20"]])],
  );
  expect(suggestions).toEqual([{ quantity: "20.000000", status: "RELEASED", pegs: [[`RULE:${buyRule}`, "20"]], current: true }]);
  expect(await count(`purchase_order WHERE material_id = $1 AND quantity = 20 AND created_by = $2`, [ids.C1, `rule:${buyRule}`])).toBe(1);
  expect(await count(`transfer_order WHERE material_id = $1 AND from_warehouse_id = $2 AND to_warehouse_id = $3 AND quantity = 5`, [ids.C1, ids.W2, ids.W1])).toBe(1);
  await t.gql(`mutation($id: ID!) { setRuleEnabled(id: $id, enabled: false) { version } }`, { id: String(buyRule) }, { auth: planner });
}, 60_000);

test("a lot released by a temporary inspector is held again; an action that cannot be done fails the firing and does nothing", async () => {
  const create = await t.gql(CREATE, {
    input: {
      name: "recheck lots a temp inspector released", topic: "lot.qcChanged",
      conditions: JSON.stringify({ all: [{ fact: "event.actor", operator: "equal", value: "temp-inspector" }, { fact: "event.to", operator: "equal", value: "RELEASED" }] }),
      actions: [{ type: "QUARANTINE_LOT", reason: "released by a temporary inspector: recheck" }, { type: "NOTIFY", message: "lot {event.lotCode} held for a recheck" }],
    },
  }, { auth: planner });
  expect(create.errors).toBeUndefined();
  const lotRule = Number(create.data.createRule.id);
  // L-OK is released; L-GONE was rejected since (a lot rejected cannot be held)
  await t.db.sql.query(`INSERT INTO lot (material_id, code, qc_status) VALUES ($1, 'L-OK', 'RELEASED'), ($1, 'L-GONE', 'REJECTED')`, [ids.A1]);
  for (const lotCode of ["L-OK", "L-GONE"]) {
    await t.db.sql.query(`INSERT INTO event (topic, payload) VALUES ('lot.qcChanged', $1::jsonb)`, [
      JSON.stringify({ lotId: 0, lotCode, materialId: ids.A1, materialCode: "A1", from: "QUARANTINE", to: "RELEASED", reason: "looks fine", actor: "temp-inspector", warehouseCode: null }),
    ]);
  }
  await until(async () => (await firingsOf(lotRule)).length === 2, "both firings");
  const [ok, failed] = await firingsOf(lotRule);
  expect([ok.status, ok.error]).toEqual(["DONE", null]);
  expect(failed.status).toBe("FAILED");
  expect(failed.error).toContain("REJECTED");
  const lots = await t.db.sql.query<{ code: string; status: string }>(`SELECT code, qc_status::text AS status FROM lot WHERE code LIKE 'L-%' ORDER BY code`);
  expect(lots).toEqual([{ code: "L-GONE", status: "REJECTED" }, { code: "L-OK", status: "QUARANTINE" }]);
  const notes = (await eventsOf("rule.notified")).filter((e) => e.payload.ruleId === lotRule).map((e) => e.payload.message);
  expect(notes).toEqual(["lot L-OK held for a recheck"]);
  await t.gql(`mutation($id: ID!) { setRuleEnabled(id: $id, enabled: false) { version } }`, { id: String(lotRule) }, { auth: planner });
});

test("exception aging: an exception open longer than the rule's minutes is escalated once by the periodic check", async () => {
  const create = await t.gql(CREATE, {
    input: { name: "escalate stale A shortages", warehouseCode: "W1", topic: "exception.aging", triggerMinutes: 30,
      conditions: JSON.stringify({ fact: "material.abcClass", operator: "equal", value: "A" }), actions: [{ type: "ESCALATE_EXCEPTION", assignee: "shift-lead" }] },
  }, { auth: planner });
  expect(create.errors).toBeUndefined();
  const agingRule = Number(create.data.createRule.id);
  // opened 45 and 10 minutes ago: only the first is past 30 minutes
  const [old, fresh] = await t.db.sql.query<{ id: number }>(
    `INSERT INTO exception (type, severity, message, material_id, warehouse_id, created_at)
     VALUES ('SHORTAGE', 'WARNING', 'old shortage', $1, $2, now() - interval '45 minutes'), ('SHORTAGE', 'WARNING', 'fresh shortage', $1, $2, now() - interval '10 minutes')
     RETURNING id`,
    [ids.A1, ids.W1],
  );
  const runner = t.hub.services.ruleRunner;
  expect(await runner.announceAging()).toBe(1);
  expect(await runner.announceAging()).toBe(0);
  await until(async () => (await firingsOf(agingRule)).length === 1, "the escalation");
  const rows = await t.db.sql.query<{ id: number; assignee: string | null }>(`SELECT id, assignee FROM exception WHERE id = ANY($1::int[]) ORDER BY id`, [[old.id, fresh.id]]);
  expect(rows).toEqual([{ id: old.id, assignee: "shift-lead" }, { id: fresh.id, assignee: null }]);
  const actions = await t.db.sql.query<{ action: string; actor: string }>(`SELECT action, actor FROM exception_action WHERE exception_id = $1`, [old.id]);
  expect(actions).toEqual([{ action: "ESCALATED", actor: `rule:${agingRule}` }]);
  await t.gql(`mutation($id: ID!) { setRuleEnabled(id: $id, enabled: false) { version } }`, { id: String(agingRule) }, { auth: planner });
});

test("two hubs on one database, the leader's session killed mid-way, a hub stopped and restarted: each event acted on exactly once", async () => {
  const running: { hub: Hub; close(): Promise<void> }[] = [];
  const another = async () => {
    const db = await openDatabase({ url: t.config.databaseUrl!, poolSize: 5 });
    const hub = await startHub({
      config: t.config,
      db,
      log: createLogger(t.config),
    });
    const h = {
      hub,
      close: async () => {
        running.splice(running.indexOf(h), 1);
        await hub.stop();
        await db.close();
      },
    };
    running.push(h);
    return h;
  };
  try {
    const second = await another();
    const requisitions = async () =>
      (await eventsOf("purchase.requisitioned")).length;
    const already = await requisitions();
    const N = 30;
    for (let i = 0; i < N / 2; i++) await stockLow("A1", String(i % 10));
    await until(
      async () => (await requisitions()) > already,
      "the first requisitions",
    );
    // a crash as the database sees it: the leading hub's session (the one holding the rules' lock) is gone
    const [killed] = await t.db.sql.query<{ killed: boolean }>(
      `SELECT pg_terminate_backend(pid) AS killed FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objid = 0 AND granted`,
      [RULES_LOCK],
    );
    expect(killed?.killed).toBe(true);
    await second.close();
    await another();
    for (let i = N / 2; i < N; i++) await stockLow("A1", String(i % 10));
    await until(
      async () => (await requisitions()) === already + N,
      `${N} requisitions`,
      60_000,
    );
    const reqs = (await eventsOf("purchase.requisitioned")).map(
      (e) => e.payload.requisitionId,
    );
    expect(new Set(reqs).size).toBe(reqs.length);
    expect(
      (await firingsOf(ruleId)).filter((f) => f.status === "DONE"),
    ).toHaveLength(already + N);
  } finally {
    for (const h of [...running]) await h.close();
  }
}, 120_000);
