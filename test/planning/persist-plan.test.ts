/**
 * Writing a plan in chunks on several connections, as it is planned: every supply and peg arrives once — by COPY on
 * PostgreSQL, by INSERT on the embedded database, which has no COPY — and a failed write stops the rest
 * from being taken. A new plan keeps the replaced plan's exceptions it still raises and resolves the others.
 */
import { openDatabase, type Database } from "../../src/db/database";
import { migrate } from "../../src/db/migrator";
import { planMrp, type MrpInput, type MrpPlan } from "../../src/domain/mrp";
import { exceptionsAgainst, moveKeptExceptions, planTarget, PlanWriter, runWrites, switchExceptions, writePlan, type PlanWrite } from "../../src/domain/planning/persist-plan";
import { planMrpInSteps } from "../../src/domain/mrp";
import { inTransaction } from "../../src/db/transaction";
import { exceptionKey } from "../../src/domain/exceptions/exception-key";
import { createScratchDatabase, type ScratchDatabase } from "../support/scratch-database";

let scratch: ScratchDatabase;
const opened: Database[] = [];

/** A database of this kind with a warehouse and the three materials (exceptions name theirs: a foreign key). */
async function databaseOf(kind: "postgres" | "embedded"): Promise<{ db: Database; warehouseId: number }> {
  if (kind === "postgres") scratch = await createScratchDatabase("hub_persist_plan");
  const db = await openDatabase(kind === "postgres" ? { url: scratch.url, poolSize: 4 } : { dataDir: "memory://" });
  opened.push(db);
  await migrate(db);
  const [{ id: warehouseId }] = await db.sql.query<{ id: number }>(`INSERT INTO warehouse (code, name) VALUES ('W1', 'Plant') RETURNING id`);
  await db.sql.query(`INSERT INTO unit_of_measure (code, name, precision) VALUES ('EA', 'each', 0)`);
  await db.sql.query(
    `INSERT INTO material (id, code, name, uom_code, type, created_by, updated_by)
     VALUES (1, 'FG', 'FG', 'EA', 'MAKE', 't', 't'), (2, 'SUB', 'SUB', 'EA', 'MAKE', 't', 't'), (3, 'RAW', 'RAW', 'EA', 'BUY', 't', 't')`,
  );
  return { db, warehouseId };
}

afterAll(async () => {
  for (const db of opened) await db.close();
  await scratch?.drop();
});

/** FG (make, 1 day) = 2 × SUB (make) = 3 × RAW (buy, 2 days); demand for FG on five days → five supplies of each. */
const input = (): MrpInput => ({
  materials: [
    { id: 1, code: "FG", type: "MAKE", leadTimeDays: 1, lotSizing: "LOT_FOR_LOT", safetyStock: "0", onHand: "0", reserved: "0" },
    { id: 2, code: "SUB", type: "MAKE", leadTimeDays: 0, lotSizing: "LOT_FOR_LOT", safetyStock: "0", onHand: "0", reserved: "0" },
    // a supplier code with what COPY's text format escapes
    { id: 3, code: "RAW", type: "BUY", leadTimeDays: 2, lotSizing: "LOT_FOR_LOT", safetyStock: "0", onHand: "0", reserved: "0", supplierCode: "S\\1\tN\\N" },
  ],
  bomLines: [
    { parentId: 1, componentId: 2, quantityPer: "2" },
    { parentId: 2, componentId: 3, quantityPer: "3" },
  ],
  demands: ["07", "08", "09", "10", "13"].map((day, i) => ({ id: 100 + i, materialId: 1, quantity: String(i + 1), dueDate: `2025-01-${day}` })),
  scheduledReceipts: [],
  parameters: { startDate: "2025-01-06", bucket: "DAY", horizonBuckets: 10 },
});

describe.each(["postgres", "embedded"] as const)("on the %s database", (kind) => {
  let db: Database;
  let warehouseId: number;
  beforeAll(async () => ({ db, warehouseId } = await databaseOf(kind)), 120_000);

  const newRun = async () =>
    (await db.sql.query<{ id: number }>(`INSERT INTO mrp_run (warehouse_id, horizon_days, created_by) VALUES ($1, 10, 'test') RETURNING id`, [warehouseId]))[0].id;

  const stored = (runId: number) =>
    db.sql.query<{ kind: string; materialId: number; quantity: string; releaseDate: string; dueDate: string; pegs: unknown; supplierCode: string | null }>(
      `SELECT 'PLANNED_ORDER' AS kind, material_id AS "materialId", quantity::float8::text AS quantity, to_char(release_date, 'YYYY-MM-DD HH24:MI:SS') AS "releaseDate",
              to_char(due_date, 'YYYY-MM-DD HH24:MI:SS') AS "dueDate", pegs, NULL AS "supplierCode" FROM planned_order WHERE mrp_run_id = $1
       UNION ALL
       SELECT 'PURCHASE_SUGGESTION', material_id, quantity::float8::text, to_char(order_date, 'YYYY-MM-DD HH24:MI:SS'), to_char(due_date, 'YYYY-MM-DD HH24:MI:SS'), pegs, supplier_code
         FROM purchase_suggestion WHERE mrp_run_id = $1`,
      [runId],
    );

  const expected = (plan: MrpPlan) =>
    [...plan.supplies()].map((s) => ({
      kind: s.kind,
      materialId: s.materialId,
      quantity: s.quantity,
      releaseDate: `${s.releaseDate} 00:00:00`,
      dueDate: `${s.dueDate} 00:00:00`,
      pegs: s.pegs.map((p) => [p.demandId, p.quantity]),
      supplierCode: s.supplierCode ?? null,
    }));

  const sorted = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort();

  test("a plan is stored whole, chunk by chunk: every supply with its pegs and supplier, at midnight of its dates, and its exceptions", async () => {
    const plan = planMrp(input());
    expect(plan.counts.plannedOrders).toBe(10);
    expect(plan.counts.purchaseSuggestions).toBe(5);
    expect(plan.exceptions.length).toBeGreaterThan(0); // RAW's first order is LATE
    const runId = await newRun();
    let transactions = 0;
    const writer = new PlanWriter(planTarget(db, runId, warehouseId), 3, (fn) => (transactions++, inTransaction(db, fn)), 2);
    writer.raise(plan.exceptions);
    await writer.add(plan.supplies());
    await writer.finish();
    expect(transactions).toBe(Math.ceil(plan.exceptions.length / 2) + 5 + 3); // exceptions, 10 planned orders, 5 suggestions by 2
    expect(sorted(await stored(runId))).toEqual(sorted(expected(plan)));
    const [{ n }] = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM exception WHERE mrp_run_id = $1`, [runId]);
    expect(n).toBe(plan.exceptions.length);
  });

  test("the exceptions to raise may be found while the supplies are written: all are stored; a comparison that fails fails the writes", async () => {
    const plan = planMrp(input());
    const runId = await newRun();
    let found!: (e: typeof plan.exceptions) => void;
    const later = new Promise<typeof plan.exceptions>((resolve) => (found = resolve));
    const parts: string[] = [];
    const writing = writePlan(plan, planTarget(db, runId, warehouseId), 2, (fn) => inTransaction(db, fn), later).then((spent) => parts.push(...Object.keys(spent)));
    setTimeout(() => found(plan.exceptions), 50);
    await writing;
    expect(sorted(await stored(runId))).toEqual(sorted(expected(plan)));
    const [{ n }] = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM exception WHERE mrp_run_id = $1`, [runId]);
    expect(n).toBe(plan.exceptions.length);
    expect(parts.sort()).toEqual(["exceptions", "plannedOrders", "purchaseSuggestions"]);

    const failing = await newRun();
    await expect(writePlan(plan, planTarget(db, failing, warehouseId), 2, (fn) => inTransaction(db, fn), Promise.reject(new Error("comparison failed")))).rejects.toThrow("comparison failed");
    const [{ e }] = await db.sql.query<{ e: number }>(`SELECT count(*)::int AS e FROM exception WHERE mrp_run_id = $1`, [failing]);
    expect(e).toBe(0);
  });

  test("a plan is stored as it is planned, step by step; exceptions raised go ahead of the supplies still waiting", async () => {
    await db.sql.query(`UPDATE exception SET status = 'RESOLVED'`); // the tests before's
    const runId = await newRun();
    // one connection, held on its first write until the plan is made and its exceptions raised; after each write, what is stored
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const seen: { exceptions: number; supplies: number }[] = [];
    const counts = async () =>
      (await db.sql.query<{ exceptions: number; supplies: number }>(
        `SELECT (SELECT count(*)::int FROM exception WHERE mrp_run_id = $1) AS exceptions,
                (SELECT count(*)::int FROM planned_order WHERE mrp_run_id = $1) + (SELECT count(*)::int FROM purchase_suggestion WHERE mrp_run_id = $1) AS supplies`,
        [runId],
      ))[0];
    const writer = new PlanWriter(planTarget(db, runId, warehouseId), 1, async (fn) => {
      if (!seen.length) await held;
      await inTransaction(db, fn);
      seen.push(await counts());
    }, 5);
    const steps = planMrpInSteps(input());
    let step = steps.next();
    for (; !step.done; step = steps.next()) if (step.value.supplies) await writer.add(step.value.supplies);
    const plan = step.value;
    writer.raise(plan.exceptions);
    release();
    await writer.finish();
    expect(sorted(await stored(runId))).toEqual(sorted(expected(plan)));
    // by 5: FG's planned orders were being written; SUB's and RAW's waited, and the exceptions went ahead of them
    expect(plan.exceptions.length).toBeLessThanOrEqual(5);
    expect(seen).toEqual([
      { exceptions: 0, supplies: 5 },
      { exceptions: plan.exceptions.length, supplies: 5 },
      { exceptions: plan.exceptions.length, supplies: 10 },
      { exceptions: plan.exceptions.length, supplies: 15 },
    ]);
  });

  test("a failed write fails the supplies being added, and no write is taken after it", async () => {
    const runId = await newRun();
    let transactions = 0;
    const writer = new PlanWriter(planTarget(db, runId, warehouseId), 2, async (fn) => {
      if (++transactions === 2) throw new Error("disk full");
      await inTransaction(db, fn);
    }, 1);
    const plan = planMrp(input());
    await expect(writer.add(plan.supplies())).rejects.toThrow("disk full");
    await writer.abandon();
    await expect(writer.finish()).rejects.toThrow("disk full");
    expect(transactions).toBeLessThanOrEqual(3);
    const [{ n }] = await db.sql.query<{ n: number }>(`SELECT (SELECT count(*) FROM planned_order WHERE mrp_run_id = $1) + (SELECT count(*) FROM purchase_suggestion WHERE mrp_run_id = $1) AS n`, [runId]);
    expect(Number(n)).toBeLessThanOrEqual(2);
  });

  test("a plan abandoned half-way (its computation failed) takes no write after those under way, and waits for them", async () => {
    const runId = await newRun();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let transactions = 0;
    const writer = new PlanWriter(planTarget(db, runId, warehouseId), 1, async (fn) => {
      if (++transactions === 1) await held;
      await inTransaction(db, fn);
    }, 5);
    await writer.add(planMrp(input()).supplies()); // FG's chunk under way, SUB's and RAW's queued
    const abandoned = writer.abandon();
    release();
    await abandoned;
    expect(transactions).toBe(1);
    expect((await stored(runId)).length).toBe(5);
  });

  test("a new plan keeps the open exceptions it still raises (moved to its run), resolves the others, and raises again one resolved meanwhile", async () => {
    await db.sql.query(`UPDATE exception SET status = 'RESOLVED'`); // the test before's
    const plan = planMrp(input());
    const before = await newRun();
    await writePlan(plan, planTarget(db, before, warehouseId), 2, (fn) => inTransaction(db, fn));
    const raised = (await db.sql.query<{ id: number }>(`SELECT id FROM exception WHERE mrp_run_id = $1 ORDER BY id`, [before])).map((r) => r.id);
    const [{ id: gone }] = await db.sql.query<{ id: number }>(
      `INSERT INTO exception (type, message, details, material_id, warehouse_id, mrp_run_id) VALUES ('EXCESS', 'RAW: 1 above safety stock', '{"quantity": "1"}', 3, $1, $2) RETURNING id`,
      [warehouseId, before],
    );
    const change = await exceptionsAgainst(db.sql, warehouseId, plan.exceptions);
    expect(change.raise).toEqual([]);
    expect([...change.keep.keys()].sort((a, b) => a - b)).toEqual(raised);
    expect(change.resolve).toEqual([gone]);
    await db.sql.query(`UPDATE exception SET status = 'RESOLVED' WHERE id = $1`, [raised[0]]); // by someone, before the switch

    const after = await newRun();
    await inTransaction(db, (tx) => switchExceptions(tx, [before], change));
    await inTransaction(db, (tx) => moveKeptExceptions(tx, after, warehouseId, change));
    const open = await db.sql.query<{ id: number; runId: number }>(
      `SELECT id, mrp_run_id AS "runId" FROM exception WHERE status <> 'RESOLVED' AND mrp_run_id = ANY($1::int[]) ORDER BY id`,
      [[before, after]],
    );
    expect(open).toHaveLength(plan.exceptions.length);
    expect(open.every((e) => e.runId === after)).toBe(true);
    expect(open.map((e) => e.id).slice(0, raised.length - 1)).toEqual(raised.slice(1)); // the others kept their rows
    expect(open.map((e) => e.id)).not.toContain(gone);
  });

  test("exceptions are stored with their keys; one stored without a key (written before keys were) is keyed from its fields and kept alike", async () => {
    await db.sql.query(`UPDATE exception SET status = 'RESOLVED'`); // the tests before's
    const plan = planMrp(input());
    const runId = await newRun();
    await writePlan(plan, planTarget(db, runId, warehouseId), 2, (fn) => inTransaction(db, fn));
    const stored = await db.sql.query<{ id: number; key: string }>(`SELECT id, plan_key AS key FROM exception WHERE mrp_run_id = $1 ORDER BY id`, [runId]);
    expect(stored.map((e) => e.key).sort()).toEqual(plan.exceptions.map(exceptionKey).sort());
    const keyed = await exceptionsAgainst(db.sql, warehouseId, plan.exceptions);
    await db.sql.query(`UPDATE exception SET plan_key = NULL WHERE id = $1`, [stored[0].id]);
    const unkeyed = await exceptionsAgainst(db.sql, warehouseId, plan.exceptions);
    expect(unkeyed).toEqual(keyed);
    expect(unkeyed.raise).toEqual([]);
    expect(unkeyed.keep.size).toBe(plan.exceptions.length);
  });
});

test("after a failed write no further write is taken, and the failure reaches the caller", async () => {
  const taken: number[] = [];
  function* writes(): Generator<PlanWrite> {
    for (let i = 0; i < 6; i++) {
      taken.push(i);
      yield async () => {
        if (i === 1) throw new Error("disk full");
      };
    }
  }
  await expect(runWrites(writes(), 2, (write) => write(null as never))).rejects.toThrow("disk full");
  // worker A takes 0, worker B takes 1 and fails; A may take 2 before it sees the failure, never more
  expect(taken.length).toBeLessThanOrEqual(3);
});
