/**
 * Imported first by a bench that runs the hub in its own process: libraries that read NODE_ENV once, when
 * loaded, then see what they see under `NODE_ENV=production node dist/src/main.js` (graphql-js, outside
 * production, looks at the constructor's name of every value failing its `instanceof` checks, to detect
 * two copies of graphql). The hub's own config is given apart, in the bench.
 */
process.env.NODE_ENV ??= "production";
