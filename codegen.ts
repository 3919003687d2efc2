/**
 * GraphQL Code Generator: typed documents generated from the committed SDL (schema.graphql) for
 * - the tests' operations (test/documents/*.graphql → test/generated/graphql.ts), and
 * - the console's (console/operations/<page>/*.graphql → console/src/generated/graphql.ts),
 * so that a schema change that breaks a client's operation fails type-checking. Both outputs are gitignored:
 * `npm run codegen` writes them (npm test runs it first; the console's build too, scripts/build-console.js).
 */
import type { CodegenConfig } from "@graphql-codegen/cli";

const typed = {
  plugins: ["typescript-operations", "typed-document-node"],
  config: { scalars: { Decimal: "string", DateTimeISO: "string", ID: "string" }, enumsAsTypes: true, useTypeImports: true },
};

const config: CodegenConfig = {
  schema: "schema.graphql",
  generates: {
    "test/generated/graphql.ts": { documents: ["test/documents/**/*.graphql"], ...typed },
    "console/src/generated/graphql.ts": { documents: ["console/operations/**/*.graphql"], ...typed },
  },
};

export default config;
