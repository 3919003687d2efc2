/** Integration tests share two cores with Postgres: keep workers bounded. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/src", "<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json", isolatedModules: false }] },
  maxWorkers: 2,
  // A worker exits on its own once its last file is done (no handle is left open), but tearing down a
  // process whose heap holds ~0.5 GB (what a worker accumulates over a dozen files that each start a hub)
  // takes 0.5–1 s on a loaded 2-core machine; Jest's default 500 ms then kills it and reports "failed to
  // exit gracefully". A handle truly left open keeps the worker alive past this and is still reported.
  workerGracefulExitTimeout: 5000,
  testTimeout: 60000,
};
