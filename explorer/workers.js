/**
 * Monaco (GraphiQL's editor) runs its language services in web workers; scripts/build-explorer.js bundles
 * each worker into a file of its own beside the explorer, loaded from the hub like the rest.
 */
export function workersFrom(assets) {
  globalThis.MonacoEnvironment = {
    getWorker(_workerId, label) {
      const file = label === "json" ? "json.worker.js" : label === "graphql" ? "graphql.worker.js" : "editor.worker.js";
      return new Worker(`${assets}/${file}`);
    },
  };
}
