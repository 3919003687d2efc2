/**
 * Who the console signs in as: a bearer token (a JWT) or an API key, kept for the browser tab (sessionStorage,
 * so that a reload stays signed in and closing the tab forgets it). Over HTTP it travels as `Authorization`
 * or `X-Api-Key`; over graphql-ws as the connection's parameters of the same names (src/server.ts).
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";

export interface Credential {
  authorization?: string;
  apiKey?: string;
}

interface Session {
  credential: Credential | null;
  /** why the last credential was refused (an error code), shown on the sign-in page */
  refused: string | null;
  signIn(credential: Credential): void;
  signOut(refused?: string): void;
}

const STORAGE_KEY = "console.credential";
const SessionContext = createContext<Session | null>(null);

/** The credential kept for the tab, if any (a reload or a link opened in it stays signed in). */
export function storedCredential(): Credential | null {
  try {
    return JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? "null") as Credential | null;
  } catch {
    return null;
  }
}

/** What the sign-in form takes: a JWT (`Bearer` optional) or an API key (`hub_…`). */
export function credentialFrom(kind: "token" | "apiKey", value: string): Credential {
  const v = value.trim();
  return kind === "apiKey" ? { apiKey: v } : { authorization: /^bearer\s/i.test(v) ? v : `Bearer ${v}` };
}

/** The demo credential the hub hands out in development (its `Authorization` header). */
export function demoCredential(headers: Record<string, string>): Credential {
  const byName = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return byName["x-api-key"] ? { apiKey: byName["x-api-key"] } : { authorization: byName.authorization };
}

export function httpHeaders(credential: Credential): Record<string, string> {
  return credential.apiKey ? { "X-Api-Key": credential.apiKey } : credential.authorization ? { Authorization: credential.authorization } : {};
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [credential, setCredential] = useState<Credential | null>(storedCredential);
  const [refused, setRefused] = useState<string | null>(null);
  const signIn = useCallback((c: Credential) => {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(c));
    setRefused(null);
    setCredential(c);
  }, []);
  const signOut = useCallback((why?: string) => {
    sessionStorage.removeItem(STORAGE_KEY);
    setRefused(why ?? null);
    setCredential(null);
  }, []);
  const session = useMemo(() => ({ credential, refused, signIn, signOut }), [credential, refused, signIn, signOut]);
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionProvider");
  return session;
}
