/**
 * GraphQL Code Generator: typed documents for the operations in test/documents/*.graphql, generated
 * from the committed SDL (schema.graphql). The tests import them, so a schema change that breaks a
 * client's operation fails type-checking. Run with `npm run codegen` (npm test runs it first).
 */
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "schema.graphql",
  documents: ["test/documents/**/*.graphql"],
  generates: {
    "test/generated/graphql.ts": {
      plugins: ["typescript-operations", "typed-document-node"],
      config: { scalars: { Decimal: "string", DateTimeISO: "string", ID: "string" }, enumsAsTypes: true, useTypeImports: true },
    },
  },
};

export default config;
