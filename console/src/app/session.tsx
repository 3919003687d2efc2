/**
 * Who the console signs in as (a credential, ./credential.ts), kept for the browser tab (sessionStorage, so that a
 * reload stays signed in and closing the tab forgets it).
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import type { Credential } from "./credential";
import { forgetViewer, viewerOf } from "./viewer-request";

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

export function SessionProvider({ children }: { children: ReactNode }) {
  const [credential, setCredential] = useState<Credential | null>(storedCredential);
  const [refused, setRefused] = useState<string | null>(null);
  const signIn = useCallback((c: Credential) => {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(c));
    void viewerOf(c); // while the signed-in console's chunk loads
    setRefused(null);
    setCredential(c);
  }, []);
  const signOut = useCallback((why?: string) => {
    sessionStorage.removeItem(STORAGE_KEY);
    forgetViewer();
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
