import type { ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";

/**
 * Apollo's default cache-control plugin hooks every resolver call to build a cache policy, which for
 * this schema (no cache hints anywhere) always ends as `cache-control: no-store`. These plugins give the
 * same header without the per-field hook — a measurable share of a large read (docs/benchmarks.md).
 */
export function noStoreWithoutFieldHooks(): ApolloServerPlugin[] {
  return [
    ApolloServerPluginCacheControlDisabled(),
    {
      async requestDidStart() {
        return {
          async willSendResponse({ response }) {
            response.http.headers.set("cache-control", "no-store");
          },
        };
      },
    },
  ];
}
