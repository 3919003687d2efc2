import { Decimal } from "../shared/quantity";

/** One line of a BOM as planning sees it: per `baseQuantity` of the parent, `quantityPer` of the component. */
export interface BomEdge {
  parentId: number;
  componentId: number;
  quantityPer: Decimal;
  scrapPct: Decimal;
  baseQuantity: Decimal;
  operationSeq: number | null;
}

export interface ExplosionNode {
  /** 1 = direct component of the root */
  level: number;
  parentId: number;
  componentId: number;
  quantityPer: Decimal;
  scrapPct: Decimal;
  /** quantity needed for the requested root quantity, scrap included */
  extendedQuantity: Decimal;
  /** material ids from the root to this component */
  path: number[];
}

export interface ComponentTotal {
  componentId: number;
  totalQuantity: Decimal;
  /** deepest level at which the component appears under this root */
  maxLevel: number;
}

const HUNDRED = new Decimal(100);

/** Quantity of a component for `parentQuantity` of its parent, scrap included, rounded up to 6 places. */
export function extendQuantity(parentQuantity: Decimal, edge: BomEdge): Decimal {
  return parentQuantity
    .div(edge.baseQuantity)
    .mul(edge.quantityPer)
    .mul(HUNDRED.plus(edge.scrapPct).div(HUNDRED))
    .toDecimalPlaces(6, Decimal.ROUND_UP);
}

/**
 * Multi-level explosion of `rootId` for `quantity`: the tree in depth-first order (children in the
 * order given) and the flattened total per component. `edgesOf` must describe an acyclic graph (BOM
 * changes are refused when they would make a cycle); a depth guard still stops a corrupted one.
 */
export function explodeBom(rootId: number, quantity: Decimal, edgesOf: (parentId: number) => readonly BomEdge[]) {
  const tree: ExplosionNode[] = [];
  const totals = new Map<number, ComponentTotal>();
  const visit = (parentId: number, parentQty: Decimal, path: number[]) => {
    if (path.length > 64) throw new Error(`BOM deeper than 64 levels under ${rootId}: corrupted data?`);
    for (const edge of edgesOf(parentId)) {
      const extendedQuantity = extendQuantity(parentQty, edge);
      const nodePath = [...path, edge.componentId];
      tree.push({
        level: path.length,
        parentId,
        componentId: edge.componentId,
        quantityPer: edge.quantityPer,
        scrapPct: edge.scrapPct,
        extendedQuantity,
        path: nodePath,
      });
      const total = totals.get(edge.componentId);
      if (total) {
        total.totalQuantity = total.totalQuantity.plus(extendedQuantity);
        total.maxLevel = Math.max(total.maxLevel, path.length);
      } else {
        totals.set(edge.componentId, { componentId: edge.componentId, totalQuantity: extendedQuantity, maxLevel: path.length });
      }
      visit(edge.componentId, extendedQuantity, nodePath);
    }
  };
  visit(rootId, quantity, [rootId]);
  return { tree, summary: [...totals.values()].sort((a, b) => a.maxLevel - b.maxLevel || a.componentId - b.componentId) };
}

export interface WhereUsedEntry {
  /** 1 = the component is directly in this parent's BOM */
  level: number;
  parentId: number;
  componentId: number;
  quantityPer: Decimal;
  /** material ids from the component up to this parent */
  path: number[];
}

/** Implosion: every BOM, at every level, that uses `componentId`, breadth-first. */
export function whereUsed(componentId: number, parentsOf: (componentId: number) => readonly BomEdge[]): WhereUsedEntry[] {
  const out: WhereUsedEntry[] = [];
  let frontier: { id: number; path: number[] }[] = [{ id: componentId, path: [componentId] }];
  for (let level = 1; frontier.length > 0; level++) {
    if (level > 64) throw new Error(`where-used deeper than 64 levels above ${componentId}: corrupted data?`);
    const next: typeof frontier = [];
    for (const { id, path } of frontier) {
      for (const edge of parentsOf(id)) {
        const entryPath = [...path, edge.parentId];
        out.push({ level, parentId: edge.parentId, componentId: id, quantityPer: edge.quantityPer, path: entryPath });
        next.push({ id: edge.parentId, path: entryPath });
      }
    }
    frontier = next;
  }
  return out;
}
