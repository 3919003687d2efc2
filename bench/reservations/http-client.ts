/**
 * Child process of bench/reservations: the HTTP clients calling createWorkOrder (or createWorkOrders) on the hub,
 * over kept-alive connections (../http-post.ts): they share the two cores with the hub and PostgreSQL, and `fetch`
 * cost 1.1 ms of CPU a call here, CPU the hub's figure then lacked (docs/benchmarks.md, "The HTTP client").
 */
import { Agent } from "node:http";
import { post } from "../http-post";
import { load } from "./load";

export interface HubLoadJob {
  url: string; token: string; products: number; concurrency: number; warmupMs: number; measureMs: number;
  /** orders per call: 1 calls createWorkOrder, more call createWorkOrders with that many items */
  batch: number;
  /** createWorkOrders: all in one transaction, or each item in its own */
  atomic: boolean;
}

const SINGLE = `mutation($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { workOrder { number status } } }`;
const BULK = `mutation($input: CreateWorkOrdersInput!) { createWorkOrders(input: $input) { items { result { workOrder { number status } } error { code message } } } }`;

type Body = { data?: { createWorkOrder?: { workOrder: { status: string } }; createWorkOrders?: { items: { result: { workOrder: { status: string } } | null }[] } }; errors?: unknown[] };

/** One pool of kept-alive connections for every slice the parent asks for. */
let agent: Agent | undefined;

process.on("message", async (job: HubLoadJob) => {
  try {
    const pool = (agent ??= new Agent({ keepAlive: true, maxSockets: job.concurrency }));
    const headers = { "content-type": "application/json", authorization: `Bearer ${job.token}` };
    const order = () => ({ materialCode: `FG-${1 + Math.floor(Math.random() * job.products)}`, warehouseCode: "W1", quantity: "1" });
    const slice = await load(job.concurrency, job.warmupMs, job.measureMs, async () => {
      const body = job.batch === 1
        ? { query: SINGLE, variables: { input: order() } }
        : { query: BULK, variables: { input: { atomic: job.atomic, items: Array.from({ length: job.batch }, order) } } };
      const { chunks } = await post(pool, job.url, headers, Buffer.from(JSON.stringify(body)));
      const answer = JSON.parse(Buffer.concat(chunks).toString()) as Body;
      const orders = answer.data?.createWorkOrders?.items.map((i) => i.result?.workOrder) ?? [answer.data?.createWorkOrder?.workOrder];
      if (answer.errors || orders.length !== job.batch || orders.some((o) => o?.status !== "RELEASED")) throw new Error(`hub: ${JSON.stringify(answer)}`);
    });
    process.send!({ slice });
  } catch (err) {
    process.send!({ error: String(err) });
  }
});
