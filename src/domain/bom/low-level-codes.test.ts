import fc from "fast-check";
import { BomCycleError } from "./bom.errors";
import { computeLowLevelCodes, lowLevelCodes, type BomEdgeRef } from "./low-level-codes";

/** The definition: 0 for a material no BOM uses, else one more than its deepest parent's code. */
function byDefinition(ids: readonly number[], edges: readonly BomEdgeRef[]): Map<number, number> {
  const parents = new Map<number, number[]>();
  for (const { parentId, componentId } of edges) parents.set(componentId, [...(parents.get(componentId) ?? []), parentId]);
  const codes = new Map<number, number>();
  const code = (id: number): number => {
    if (!codes.has(id)) codes.set(id, Math.max(-1, ...(parents.get(id) ?? []).map(code)) + 1);
    return codes.get(id)!;
  };
  for (const id of [...ids, ...edges.flatMap((e) => [e.parentId, e.componentId])]) code(id);
  return codes;
}

/** Numbered as an MRP run compiles its BOM: components grouped by parent index, line order within a parent. */
function graphOf(ids: readonly number[], edges: readonly BomEdgeRef[]) {
  const index = new Map(ids.map((id, i) => [id, i]));
  const byParent = ids.map((id) => edges.filter((e) => e.parentId === id).map((e) => index.get(e.componentId)!));
  const firstComponent = Int32Array.from([0, ...byParent.map((_, i) => byParent.slice(0, i + 1).flat().length)]);
  return { firstComponent, components: Int32Array.from(byParent.flat()) };
}

/** Random BOMs over materials 1…n: a line goes from a lower id to a higher one (a DAG), some lines repeated. */
const dag = fc.integer({ min: 1, max: 25 }).chain((n) =>
  fc.record({
    ids: fc.constant(Array.from({ length: n }, (_, i) => i + 1)),
    edges: fc
      .array(fc.tuple(fc.integer({ min: 1, max: n }), fc.integer({ min: 1, max: n })), { maxLength: 60 })
      .map((pairs) => pairs.filter(([a, b]) => a !== b).map(([a, b]) => ({ parentId: Math.min(a, b), componentId: Math.max(a, b) }))),
  }),
);

describe("low-level codes", () => {
  it("are, on random BOMs, each material's deepest level below a top: by ids (materials only a line names included) and by index", () => {
    fc.assert(
      fc.property(dag, fc.integer({ min: 0, max: 5 }), ({ ids, edges }, unlisted) => {
        const expected = byDefinition(ids, edges);
        // the materials listed may leave out some a line names: they get codes too
        expect(computeLowLevelCodes(ids.slice(unlisted), edges)).toEqual(byDefinition(ids.slice(unlisted), edges));
        expect(Array.from(lowLevelCodes(graphOf(ids, edges), ids))).toEqual(ids.map((id) => expected.get(id)));
      }),
      { numRuns: 300 },
    );
  });

  it("refuse a BOM with a cycle, naming one: its path closes on itself and each step is a line", () => {
    const ring = fc.uniqueArray(fc.integer({ min: 0, max: 24 }), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(dag, ring, ({ ids, edges }, picks) => {
        // lines round a ring of materials (one alone: a line to itself), added to a BOM that had none
        const members = [...new Set(picks.map((k) => ids[k % ids.length]))];
        const cyclic = [...edges, ...members.map((id, k) => ({ parentId: id, componentId: members[(k + 1) % members.length] }))];
        const lines = new Set(cyclic.map((e) => `${e.parentId}>${e.componentId}`));
        for (const codes of [() => computeLowLevelCodes(ids, cyclic), () => lowLevelCodes(graphOf(ids, cyclic), ids)]) {
          let error: unknown;
          try {
            codes();
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(BomCycleError);
          const { path } = error as BomCycleError;
          expect(path[0]).toBe(path[path.length - 1]);
          for (let k = 0; k + 1 < path.length; k++) expect(lines.has(`${path[k]}>${path[k + 1]}`)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});
