/**
 * The genealogy of a lot as a graph: lots and the work orders between them, laid out in columns — what went
 * into the traced lot on the left (further back, further left), what was made from it on the right. Edges are
 * exact: a lot → the work order that consumed it (an issue or backflush of that lot), a work order → the lot
 * its production receipt made, as the orders' ledger entries say.
 */

export interface TraceLink {
  depth: number;
  lot: { id: string; code: string };
  material: { code: string };
  workOrder: { id: string; number: string };
}

export interface OrderEntry {
  type: string;
  quantity: string;
  lot: { id: string } | null;
}

export interface GraphNode {
  id: string;
  name: string;
  kind: "traced" | "lot" | "order";
  x: number;
  y: number;
}

export interface GraphEdge {
  source: string;
  target: string;
}

const CONSUMED = new Set(["ISSUE", "BACKFLUSH"]);
const COLUMN = 220;
const ROW = 70;

/** Node ids: lots and work orders share one graph. */
const lotNode = (id: string) => `lot:${id}`;
const orderNode = (id: string) => `wo:${id}`;

export function lotGraph(
  traced: { id: string; code: string; materialCode: string },
  backward: readonly TraceLink[],
  forward: readonly TraceLink[],
  entriesOf: ReadonlyMap<string, readonly OrderEntry[]>,
): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const columns = new Map<number, { id: string; name: string; kind: GraphNode["kind"] }[]>();
  const place = (column: number, node: { id: string; name: string; kind: GraphNode["kind"] }) => {
    const list = columns.get(column) ?? [];
    if (!list.some((n) => n.id === node.id)) list.push(node);
    columns.set(column, list);
  };
  place(0, { id: lotNode(traced.id), name: `${traced.materialCode}\n${traced.code}`, kind: "traced" });
  const lots = new Set([traced.id]);
  for (const [links, sign] of [[backward, -1], [forward, 1]] as const) {
    for (const l of links) {
      lots.add(l.lot.id);
      place(sign * 2 * l.depth, { id: lotNode(l.lot.id), name: `${l.material.code}\n${l.lot.code}`, kind: "lot" });
      // the order sits between the lot and the one a step closer to the traced lot
      place(sign * (2 * l.depth - 1), { id: orderNode(l.workOrder.id), name: l.workOrder.number, kind: "order" });
    }
  }
  const nodes: GraphNode[] = [];
  for (const [column, list] of columns) {
    list.forEach((n, i) => nodes.push({ ...n, x: column * (COLUMN / 2), y: (i - (list.length - 1) / 2) * ROW }));
  }
  const edges: GraphEdge[] = [];
  const seen = new Set<string>();
  const edge = (source: string, target: string) => {
    if (seen.has(`${source}>${target}`)) return;
    seen.add(`${source}>${target}`);
    edges.push({ source, target });
  };
  for (const [orderId, entries] of entriesOf) {
    for (const e of entries) {
      if (!e.lot || !lots.has(e.lot.id)) continue;
      if (CONSUMED.has(e.type) && Number(e.quantity) < 0) edge(lotNode(e.lot.id), orderNode(orderId));
      if (e.type === "PRODUCTION_RECEIPT" && Number(e.quantity) > 0) edge(orderNode(orderId), lotNode(e.lot.id));
    }
  }
  return { nodes, edges };
}
