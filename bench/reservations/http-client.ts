/** Child process of bench/reservations: the HTTP clients calling createWorkOrder on the hub. */
import { load } from "./load";

export interface HubLoadJob { url: string; token: string; products: number; concurrency: number; warmupMs: number; measureMs: number }

process.on("message", async (job: HubLoadJob) => {
  try {
    const headers = { "content-type": "application/json", authorization: `Bearer ${job.token}` };
    const result = await load(job.concurrency, job.warmupMs, job.measureMs, async () => {
      const res = await fetch(job.url, {
        method: "POST",
        headers,
        body: JSON.stringify({
          query: `mutation($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { workOrder { number status } } }`,
          variables: { input: { materialCode: `FG-${1 + Math.floor(Math.random() * job.products)}`, warehouseCode: "W1", quantity: "1" } },
        }),
      });
      const body = (await res.json()) as { data?: { createWorkOrder: { workOrder: { status: string } } }; errors?: unknown[] };
      if (body.errors || body.data?.createWorkOrder.workOrder.status !== "RELEASED") throw new Error(`hub: ${JSON.stringify(body)}`);
    });
    process.send!({ result });
  } catch (err) {
    process.send!({ error: String(err) });
  }
});
