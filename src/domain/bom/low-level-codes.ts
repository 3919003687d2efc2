import { BomCycleError } from "./bom.errors";

export interface BomEdgeRef {
  parentId: number;
  componentId: number;
}

/**
 * A BOM as a graph over materials numbered 0 … n − 1: material i's components are
 * `components[firstComponent[i]]` … `components[firstComponent[i + 1] − 1]` (n + 1 offsets).
 */
export interface BomGraph {
  firstComponent: Int32Array;
  components: Int32Array;
}

/**
 * Low-level code of every material: the deepest level (0 = top) at which it appears in any BOM, so that
 * planning can net each material once, after all of its parents. Throws BomCycleError if the edges
 * contain a cycle. Iterative (Kahn's algorithm) so deep BOMs cannot overflow the stack; O(V + E).
 */
export function computeLowLevelCodes(materialIds: Iterable<number>, edges: readonly BomEdgeRef[]): Map<number, number> {
  // the materials, then each id only an edge names, in the order first named (parent before component)
  const indexOf = new Map<number, number>();
  const ids: number[] = [];
  const number = (id: number) => {
    let i = indexOf.get(id);
    if (i === undefined) indexOf.set(id, (i = ids.push(id) - 1));
    return i;
  };
  for (const id of materialIds) number(id);
  const parent = new Int32Array(edges.length);
  const component = new Int32Array(edges.length);
  edges.forEach((e, k) => {
    parent[k] = number(e.parentId);
    component[k] = number(e.componentId);
  });
  // grouped by parent (a counting sort, stable)
  const firstComponent = new Int32Array(ids.length + 1);
  for (const p of parent) firstComponent[p + 1]++;
  for (let i = 0; i < ids.length; i++) firstComponent[i + 1] += firstComponent[i];
  const components = new Int32Array(edges.length);
  const filled = firstComponent.slice(0, ids.length);
  for (let k = 0; k < edges.length; k++) components[filled[parent[k]]++] = component[k];
  const level = lowLevelCodes({ firstComponent, components }, ids);
  return new Map(ids.map((id, i) => [id, level[i]]));
}

/**
 * The same over a graph already numbered (an MRP run's compiled BOM), without a map per step: each run computes
 * it over its whole BOM, which maps made 10–30 ms at 10k materials and 50–100 ms at 50k (docs/benchmarks.md,
 * "Persist, issue #18, eighth round"). `ids[i]` names material i in the BomCycleError.
 */
export function lowLevelCodes({ firstComponent, components }: BomGraph, ids: readonly number[]): Int32Array {
  const n = firstComponent.length - 1;
  const parentsLeft = new Int32Array(n);
  for (const c of components) parentsLeft[c]++;
  const level = new Int32Array(n);
  const queue = new Int32Array(n);
  let queued = 0;
  for (let i = 0; i < n; i++) if (parentsLeft[i] === 0) queue[queued++] = i;
  for (let head = 0; head < queued; head++) {
    const i = queue[head];
    const next = level[i] + 1;
    for (let c = firstComponent[i]; c < firstComponent[i + 1]; c++) {
      const k = components[c];
      if (level[k] < next) level[k] = next;
      if (--parentsLeft[k] === 0) queue[queued++] = k;
    }
  }
  if (queued < n) throw new BomCycleError(findCycle({ firstComponent, components }, parentsLeft).map((i) => ids[i]));
  return level;
}

/** A cycle among the materials Kahn's algorithm could not order (those with parents left), first = last. */
function findCycle({ firstComponent, components }: BomGraph, parentsLeft: Int32Array): number[] {
  const stuck = (i: number) => parentsLeft[i] > 0;
  // Walk backwards is awkward without a parent index; walk forwards inside the stuck set instead:
  // every stuck node has a stuck parent, so from any stuck node some path of stuck children cycles.
  const parentOf = new Int32Array(parentsLeft.length).fill(-1);
  for (let p = 0; p < parentsLeft.length; p++) {
    if (!stuck(p)) continue;
    for (let c = firstComponent[p]; c < firstComponent[p + 1]; c++) if (stuck(components[c])) parentOf[components[c]] = p;
  }
  let node = parentsLeft.findIndex((left) => left > 0);
  const seen = new Map<number, number>();
  const trail: number[] = [];
  while (!seen.has(node)) {
    seen.set(node, trail.length);
    trail.push(node);
    node = parentOf[node];
  }
  const cycle = trail.slice(seen.get(node)!).reverse();
  return [...cycle, cycle[0]];
}
