/**
 * One POST over a kept-alive `node:http` agent, for the benches' load clients: they share the cores with the
 * server they measure, and this costs a third of `fetch`'s CPU per call (docs/benchmarks.md, "The HTTP client").
 * Resolves with the status and the body's chunks as they came (a caller that only counts bytes joins nothing).
 */
import http from "node:http";

export function post(agent: http.Agent, url: string, headers: Record<string, string>, body: Buffer): Promise<{ status: number; chunks: Buffer[] }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "POST", agent, headers: { ...headers, "content-length": body.length } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => void chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, chunks }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}
