/**
 * Look-ahead reads (nested BOM lines, components and balances fetch only the selected columns) must answer
 * exactly what whole rows answer: the same material read at the root (whole rows) and nested under a BOM
 * line (look-ahead), through fragments, inline fragments and aliases.
 */
import { startTestHub, type TestHub } from "../support/test-hub";

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub({ demo: true });
}, 120_000);
afterAll(() => t?.stop());

const MATERIAL_FIELDS = `
  fragment M on Material {
    id
    label: name
    ... on Material { type leadTimeDays safetyStock lotTracked createdAt uom { code } }
    balances { ...B warehouseId onHand }
  }
  fragment B on StockBalance { lotId locationId reserved available inTransit location { code } lot { code } }`;

test("a component nested under BOM lines reads the same as the material read at the root", async () => {
  const nested = await t.gql<{ materials: { nodes: { bomLines: { position: number; qty: string; componentId: string; component: { id: string } }[] }[] } }>(
    `query { materials(first: 100) { nodes { bomLines { position qty: quantityPer componentId component { ...M } } } } } ${MATERIAL_FIELDS}`,
  );
  expect(nested.errors).toBeUndefined();
  const components = nested.data!.materials.nodes.flatMap((n) => n.bomLines.map((l) => l.component));
  expect(components.length).toBeGreaterThan(10);
  const stocked = components.filter((c) => (c as unknown as { balances: unknown[] }).balances.length > 0);
  expect(stocked.length).toBeGreaterThan(0);

  for (const component of [...new Map(components.map((c) => [c.id, c])).values()]) {
    const root = await t.gql<{ material: unknown }>(`query ($id: ID!) { material(id: $id) { ...M } } ${MATERIAL_FIELDS}`, { id: component.id });
    expect(root.errors).toBeUndefined();
    expect(component).toEqual(root.data!.material);
  }
  for (const line of nested.data!.materials.nodes.flatMap((n) => n.bomLines)) {
    expect(line.componentId).toBe(line.component.id);
    expect(line.qty).toMatch(/^\d+(\.\d+)?$/);
  }
});

test("a warehouse filter on nested balances still applies to look-ahead rows", async () => {
  const res = await t.gql<{ materials: { nodes: { bomLines: { component: { all: unknown[]; none: unknown[] } }[] }[] } }>(
    `query { materials(first: 100) { nodes { bomLines { component { all: balances { onHand } none: balances(warehouseCode: "NO-SUCH") { onHand } } } } } }`,
  );
  expect(res.errors).toBeUndefined();
  const components = res.data!.materials.nodes.flatMap((n) => n.bomLines.map((l) => l.component));
  expect(components.some((c) => c.all.length > 0)).toBe(true);
  expect(components.every((c) => c.none.length === 0)).toBe(true);
});
