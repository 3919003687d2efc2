/**
 * The PostGraphile peer's server, run by postgraphile-peer.ts as a child process under Node 24
 * (PostGraphile 5 needs Node ≥ 22; the hub runs on 20): PostGraphile's Amber preset over the views of the
 * peer's schema, served by grafserv on node:http. Arguments: database URL, schema, pool size, the pool's
 * application name. It sends its URL once listening, and its CPU time whenever asked.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { postgraphile } from "postgraphile";
import { makePgService } from "postgraphile/adaptors/pg";
import { grafserv } from "postgraphile/grafserv/node";
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";

const [connectionString, schema, poolSize, applicationName] = process.argv.slice(2);

const pgl = postgraphile({
  extends: [PostGraphileAmberPreset],
  pgServices: [makePgService({ connectionString, schemas: [schema], poolConfig: { max: Number(poolSize), application_name: applicationName } })],
  grafserv: { graphqlPath: "/graphql", watch: false },
  grafast: { explain: false },
});
const server = http.createServer();
pgl.createServ(grafserv).addTo(server);
server.listen(0, "127.0.0.1", () => process.send!({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` }));

process.on("message", () => process.send!({ cpu: process.cpuUsage() }));
// the bench ended (or died): nothing else stops this process
process.on("disconnect", () => void Promise.resolve(pgl.release()).finally(() => process.exit(0)));
