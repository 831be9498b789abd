const TOKEN_KEY = 'weft.apiToken';

type Listener = () => void;
const listeners = new Set<Listener>();
let signOutReason: string | null = null;

/** The API token lives in localStorage so a reload keeps you signed in. */
export function readToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

export function signIn(token: string): void {
  localStorage.setItem(TOKEN_KEY, token);
  signOutReason = null;
  notify();
}

/** Forgets the token; `reason` is shown on the sign-in page (e.g. after a 401). */
export function signOut(reason: string | null = null): void {
  localStorage.removeItem(TOKEN_KEY);
  signOutReason = reason;
  notify();
}

export function lastSignOutReason(): string | null {
  return signOutReason;
}

export function subscribeToken(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function notify(): void {
  for (const listener of listeners) listener();
}
