import { useCallback, useRef, useState } from "react";
import { useClient, type AnyVariables, type TypedDocumentNode } from "urql";
import { useCommandKey } from "./command-key";
import { graphProblem, type Problem } from "./problem";

export type Outcome<T> = { data: T; problem?: undefined } | { data?: undefined; problem: Problem };

/**
 * A storekeeper's command: sent with an idempotency key (the same while the same payload is retried), its
 * refusal turned into a Problem. Only one at a time: a scan while one is on its way is refused (BUSY).
 */
export function useCommand<T, V extends AnyVariables & { key?: string | null }>(document: TypedDocumentNode<T, V>) {
  const client = useClient();
  const keys = useCommandKey();
  const [busy, setBusy] = useState(false);
  const sending = useRef(false);
  const { keyFor, done } = keys;
  const run = useCallback(async (variables: Omit<V, "key">): Promise<Outcome<T>> => {
    if (sending.current) return { problem: { code: "BUSY", values: {} } };
    sending.current = true;
    setBusy(true);
    try {
      const result = await client.mutation(document, { ...variables, key: keyFor(variables) } as unknown as V).toPromise();
      if (result.error) return { problem: graphProblem(result.error) };
      done();
      return { data: result.data as T };
    } finally {
      sending.current = false;
      setBusy(false);
    }
  }, [client, document, keyFor, done]);
  return { run, busy };
}

/** A read made for a scan (always from the hub: stock just moved), its failure a Problem. */
export function useLookup() {
  const client = useClient();
  return useCallback(async <T, V extends AnyVariables>(document: TypedDocumentNode<T, V>, variables: V): Promise<Outcome<T>> => {
    const result = await client.query(document, variables, { requestPolicy: "network-only" }).toPromise();
    if (result.error) return { problem: graphProblem(result.error) };
    return { data: result.data as T };
  }, [client]);
}
