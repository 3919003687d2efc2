import { STOCK } from "../../src/demo/demo-plant";
import { startTestHub, type TestHub } from "../support/test-hub";

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ demo: true });
});
afterAll(() => t.stop());

const VERIFY = `{ verifyLedger { ok entriesChecked brokenAt { entryId problem expected found } } }`;

/** Rewrites history as a superuser would have to: around the append-only trigger. */
async function tamper(statement: string) {
  await t.db.sql.query(`ALTER TABLE stock_ledger_entry DISABLE TRIGGER stock_ledger_entry_append_only`);
  try {
    await t.db.sql.query(statement);
  } finally {
    await t.db.sql.query(`ALTER TABLE stock_ledger_entry ENABLE TRIGGER stock_ledger_entry_append_only`);
  }
}

describe("tamper-evident ledger", () => {
  it("verifies the chain of the demo stock", async () => {
    const res = await t.gql(VERIFY);
    // one receipt per line of the demo's opening stock
    expect(res.data.verifyLedger).toEqual({ ok: true, entriesChecked: STOCK.length, brokenAt: null });
  });

  it("refuses updates and deletes through the append-only trigger", async () => {
    await expect(t.db.sql.query(`UPDATE stock_ledger_entry SET quantity = 1 WHERE id = 1`)).rejects.toThrow(/append-only/);
    await expect(t.db.sql.query(`DELETE FROM stock_ledger_entry WHERE id = 1`)).rejects.toThrow(/append-only/);
  });

  it("reports a changed quantity at the changed entry", async () => {
    await tamper(`UPDATE stock_ledger_entry SET quantity = quantity + 1 WHERE id = 5`);
    const res = await t.gql(VERIFY);
    expect(res.data.verifyLedger).toMatchObject({ ok: false, entriesChecked: 4, brokenAt: { entryId: "5", problem: "HASH_MISMATCH" } });
    const [row] = await t.db.sql.query<{ hash: string }>(`SELECT hash FROM stock_ledger_entry WHERE id = 5`);
    expect(res.data.verifyLedger.brokenAt.found).toBe(row.hash);
    await tamper(`UPDATE stock_ledger_entry SET quantity = quantity - 1 WHERE id = 5`);
    expect((await t.gql(VERIFY)).data.verifyLedger.ok).toBe(true);
  });

  it("reports a deleted entry at the next one", async () => {
    await tamper(`DELETE FROM stock_ledger_entry WHERE id = 7`);
    const res = await t.gql(VERIFY);
    expect(res.data.verifyLedger).toMatchObject({ ok: false, brokenAt: { entryId: "8", problem: "LINK_MISMATCH" } });
  });
});
