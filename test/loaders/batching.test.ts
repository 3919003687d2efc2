/** DataLoader batching: a nested read costs a bounded number of SQL statements, whatever its size. */
import { NestedReadDocument } from "../generated/graphql";
import { startTestHub, type TestHub } from "../support/test-hub";

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub();
  // 120 materials: each of the first 100 has 3 BOM lines to components holding 2 balances each.
  await t.db.sql.query(`
    INSERT INTO unit_of_measure (code, name, precision) VALUES ('EA', 'each', 0);
  `);
  await t.db.sql.query(`INSERT INTO warehouse (code, name) VALUES ('W1', 'W1')`);
  await t.db.sql.query(`INSERT INTO location (warehouse_id, code, name) SELECT w.id, l, l FROM warehouse w, unnest(ARRAY['L1','L2']) l`);
  await t.db.sql.query(`
    INSERT INTO material (code, name, uom_code, type, created_by, updated_by)
    SELECT 'M' || lpad(i::text, 3, '0'), 'material ' || i, 'EA', (CASE WHEN i <= 100 THEN 'MAKE' ELSE 'BUY' END)::"MaterialType", 'test', 'test'
      FROM generate_series(1, 120) i`);
  await t.db.sql.query(`INSERT INTO bom (material_id, created_by, updated_by) SELECT id, 'test', 'test' FROM material WHERE code <= 'M100'`);
  await t.db.sql.query(`
    INSERT INTO bom_line (bom_id, position, component_id, quantity_per)
    SELECT b.id, k, (SELECT id FROM material WHERE code = 'M' || lpad((100 + ((b.id + k) % 20) + 1)::text, 3, '0')), k
      FROM bom b, generate_series(1, 3) k`);
  await t.db.sql.query(`
    INSERT INTO stock_balance (material_id, location_id, on_hand, reserved)
    SELECT m.id, l.id, 10, 2 FROM material m, location l WHERE m.code > 'M100'`);
}, 120_000);
afterAll(() => t?.stop());

/**
 * The statements `run` sent: the fewest of three runs, because the count is the database's and the hub's
 * background jobs (outbox followers polling) may add theirs in between; they only ever add.
 */
async function fewestStatements<T>(run: () => Promise<T>): Promise<{ statements: number; data: T }> {
  let fewest = { statements: Infinity, data: undefined as T };
  for (let i = 0; i < 3; i++) {
    const before = t.db.statementCount;
    const data = await run();
    const statements = t.db.statementCount - before;
    if (statements < fewest.statements) fewest = { statements, data };
  }
  return fewest;
}

function statementsFor(first: number) {
  return fewestStatements(async () => {
    const res = await t.gql(NestedReadDocument, { first });
    expect(res.errors).toBeUndefined();
    expect(res.data!.materials.nodes).toHaveLength(first);
    return res.data!;
  });
}

test("10 and 100 materials with BOM lines, components and balances take the same number of statements", async () => {
  const small = await statementsFor(10);
  const large = await statementsFor(100);
  const lines = large.data.materials.nodes.flatMap((m) => m.bomLines);
  expect(lines).toHaveLength(300);
  expect(lines.every((l) => l.component.balances.length === 2)).toBe(true);
  expect(lines[0].component.balances[0]).toMatchObject({ onHand: "10", reserved: "2", available: "8" });
  expect(large.statements).toBe(small.statements);
  // page + count, BOM lines, components, their balances, their locations, the materials' own balances
  expect(large.statements).toBeLessThanOrEqual(8);
});

test("the total of a materials page is counted only when a client asks for totalCount", async () => {
  const statements = (query: string) =>
    fewestStatements(async () => {
      const res = await t.gql(query);
      expect(res.errors).toBeUndefined();
      return res.data;
    });
  // `__typename` beside `materials`: the resolvers answer (alone, the operation is one SQL statement, count included)
  const plain = await statements(`{ __typename materials(first: 5) { nodes { code } } }`);
  const counted = await statements(`{ __typename materials(first: 5, filter: { type: BUY }) { totalCount nodes { code } } }`);
  const compiled = await statements(`{ materials(first: 5, filter: { type: BUY }) { totalCount nodes { code } } }`);
  expect(plain.statements).toBe(1);
  expect(counted.statements).toBe(2);
  expect(counted.data.materials.totalCount).toBe(20);
  expect(compiled.statements).toBe(1);
  expect(compiled.data.materials).toEqual(counted.data.materials);
});
