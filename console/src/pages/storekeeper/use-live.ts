import { useEffect, useRef } from "react";
import { useSubscription, type AnyVariables, type TypedDocumentNode } from "urql";

/**
 * Runs `refresh` when the subscription hears an event it cares about (`matters`): a list of orders follows what
 * other terminals and the ERP do, live, without polling.
 */
export function useRefreshOn<T, V extends AnyVariables>(document: TypedDocumentNode<T, V>, variables: V, matters: (event: T) => boolean, refresh: () => void) {
  const [{ data }] = useSubscription({ query: document, variables });
  const latest = useRef({ matters, refresh });
  latest.current = { matters, refresh };
  useEffect(() => {
    if (data && latest.current.matters(data)) latest.current.refresh();
  }, [data]);
}
