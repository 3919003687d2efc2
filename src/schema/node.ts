/**
 * Relay global object identification: every main entity implements `Node` with a `nodeId` that is unique
 * across the graph and opaque (base64 of "<kind>:<row id>", node-id.ts), and `node(id:)` / `nodes(ids:)` fetch any of
 * them (src/resolvers/node.resolver.ts). The types keep their own `id` (a row id, unique per type) for the
 * ERP clients that use it; Relay's compiler is configured with `nodeInterfaceIdField: "nodeId"`.
 */
import { Field, ID, InterfaceType } from "type-graphql";
import { typeOfKind, type NodeKind } from "./node-id";

/** Rows fetched by node/nodes, by the GraphQL type they are to be answered as (resolveType reads it). */
const nodeTypes = new WeakMap<object, string>();

export function asNode<T extends object>(row: T, kind: NodeKind): T {
  nodeTypes.set(row, typeOfKind(kind));
  return row;
}

/**
 * The type of a row node/nodes fetched. Set on the built schema's Node (build-schema.ts), not through
 * type-graphql's `resolveType` option: that one wraps it in an async function, and graphql-jit resolves
 * abstract types synchronously.
 */
export const resolveNodeType = (value: object): string | undefined => nodeTypes.get(value);

@InterfaceType("Node", {
  description: "An object with a globally unique id: fetch it again with node(id:) (Relay: nodeInterfaceIdField \"nodeId\")",
})
export abstract class Node {
  @Field(() => ID, { description: "globally unique and opaque; the type's own `id` is unique within the type" })
  nodeId!: string;
}
