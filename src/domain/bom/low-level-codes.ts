import { BomCycleError } from "./bom.errors";

export interface BomEdgeRef {
  parentId: number;
  componentId: number;
}

/**
 * Low-level code of every material: the deepest level (0 = top) at which it appears in any BOM, so that
 * planning can net each material once, after all of its parents. Throws BomCycleError if the edges
 * contain a cycle. Iterative (Kahn's algorithm) so deep BOMs cannot overflow the stack; O(V + E).
 */
export function computeLowLevelCodes(materialIds: Iterable<number>, edges: readonly BomEdgeRef[]): Map<number, number> {
  const children = new Map<number, number[]>();
  const parentsLeft = new Map<number, number>();
  for (const id of materialIds) parentsLeft.set(id, 0);
  for (const { parentId, componentId } of edges) {
    if (!parentsLeft.has(parentId)) parentsLeft.set(parentId, 0);
    parentsLeft.set(componentId, (parentsLeft.get(componentId) ?? 0) + 1);
    let list = children.get(parentId);
    if (!list) children.set(parentId, (list = []));
    list.push(componentId);
  }
  const level = new Map<number, number>();
  const queue: number[] = [];
  for (const [id, n] of parentsLeft) if (n === 0) { queue.push(id); level.set(id, 0); }
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head];
    const next = level.get(id)! + 1;
    for (const child of children.get(id) ?? []) {
      if ((level.get(child) ?? -1) < next) level.set(child, next);
      const left = parentsLeft.get(child)! - 1;
      parentsLeft.set(child, left);
      if (left === 0) queue.push(child);
    }
  }
  if (queue.length < parentsLeft.size) throw new BomCycleError(findCycle(children, parentsLeft));
  return level;
}

/** A cycle among the materials Kahn's algorithm could not order (those with parents left). */
function findCycle(children: Map<number, number[]>, parentsLeft: Map<number, number>): number[] {
  const stuck = new Set([...parentsLeft].filter(([, n]) => n > 0).map(([id]) => id));
  // Walk backwards is awkward without a parent index; walk forwards inside the stuck set instead:
  // every stuck node has a stuck parent, so from any stuck node some path of stuck children cycles.
  const parentOf = new Map<number, number>();
  for (const [parent, list] of children) for (const c of list) if (stuck.has(parent) && stuck.has(c)) parentOf.set(c, parent);
  let node = stuck.values().next().value as number;
  const seen = new Map<number, number>();
  const trail: number[] = [];
  while (!seen.has(node)) {
    seen.set(node, trail.length);
    trail.push(node);
    node = parentOf.get(node)!;
  }
  const cycle = trail.slice(seen.get(node)!).reverse();
  return [...cycle, cycle[0]];
}
