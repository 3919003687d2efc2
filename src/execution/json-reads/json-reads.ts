/**
 * Compiled reads: an operation whose only root field is `materials` is answered by one SQL statement that
 * builds the field's JSON in PostgreSQL (plan.ts; prepared by name, so each connection plans it once),
 * spliced into the response unparsed (raw-json.ts): no rows decoded into objects, no per-field resolution. `answer` gives null whenever the resolvers must
 * answer instead — a selection the plan does not cover, a caller the field's @Authorized refuses, arguments
 * its resolver would refuse — so that their errors, and everything else, stay exactly as they were.
 * Limits, cost and validation are checked before execution, the same for both.
 */
// before the schema types it reaches through resolvers/page.ts (type-graphql's decorators need it)
import "reflect-metadata";
import {
  Kind,
  getArgumentValues,
  getVariableValues,
  locatedError,
  type DocumentNode,
  type ExecutionResult,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import { getMetadataStorage } from "type-graphql";
import { hasAnyRole } from "../../auth/principal";
import type { Role } from "../../auth/roles";
import type { RequestContext } from "../../context";
import type { Sql } from "../../db/database";
import type { MaterialFilter } from "../../domain/materials/material.queries";
import { pageWindow } from "../../resolvers/page";
import { metrics } from "../../runtime/metrics";
import type { PageArgs } from "../../schema/connection";
import { planMaterials } from "./plan";
import { rawJson } from "./raw-json";

interface Root {
  key: string;
  nodes: FieldNode[];
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
}

export class JsonReads {
  private readonly roots = new WeakMap<OperationDefinitionNode, Root | null>();
  private readonly field: GraphQLField<unknown, unknown>;
  /** the roles of `materials`' @Authorized, read from type-graphql's metadata so that they cannot drift apart */
  private readonly roles: readonly Role[] | null;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly sql: Sql,
  ) {
    this.field = schema.getQueryType()!.getFields().materials;
    const storage = getMetadataStorage();
    const query = storage.queries.find((q) => q.schemaName === "materials");
    const authorized = query && storage.authorizedFields.find((a) => a.target === query.target && a.fieldName === query.methodName);
    this.roles = (authorized?.roles as Role[] | undefined) ?? null;
  }

  /** The operation's answer built in SQL, or null to execute it with the resolvers. */
  async answer(document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> | undefined, context: RequestContext): Promise<ExecutionResult | null> {
    const root = this.rootOf(document, operation);
    if (!root) return null;
    const answer = await this.inSql(root, operation, variables, context);
    metrics.jsonReads.inc({ answered: answer ? "sql" : "resolvers" });
    return answer;
  }

  private async inSql(root: Root, operation: OperationDefinitionNode, variables: Record<string, unknown> | undefined, context: RequestContext): Promise<ExecutionResult | null> {
    const { principal } = context;
    if (!this.roles || !principal || !hasAnyRole(principal, this.roles)) return null;
    const coerced = getVariableValues(this.schema, operation.variableDefinitions ?? [], variables ?? {});
    if (coerced.errors) return null;
    let args, page;
    try {
      args = getArgumentValues(this.field, root.nodes[0], coerced.coerced);
      page = pageWindow(args as PageArgs, context);
    } catch {
      return null; // the resolver refuses these arguments with its own error
    }
    const filter = (args.filter as MaterialFilter | undefined) ?? {};
    const plan = planMaterials(this.schema, root.fragments, root.nodes, { ...page, filter, scope: principal.warehouses, variables: coerced.coerced });
    if (!plan) return null;
    try {
      const [{ json }] = await this.sql.query<{ json: string }>(plan.text, plan.params, { prepared: true });
      return { data: { [root.key]: rawJson(context, json) } };
    } catch (e) {
      // as graphql-js reports a resolver's error; the field is non-null, so data is null
      return { data: null, errors: [locatedError(e, root.nodes, [root.key])] };
    }
  }

  /** The operation's one root field when it is `materials` (no directives), else null; kept per operation. */
  private rootOf(document: DocumentNode, operation: OperationDefinitionNode): Root | null {
    let root = this.roots.get(operation);
    if (root === undefined) {
      const [first, ...others] = operation.selectionSet.selections;
      const only = first?.kind === Kind.FIELD && others.length === 0 && first.name.value === "materials" && !first.directives?.length && !operation.directives?.length;
      const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
      root = only ? { key: first.alias?.value ?? first.name.value, nodes: [first], fragments } : null;
      this.roots.set(operation, root);
    }
    return root;
  }
}
