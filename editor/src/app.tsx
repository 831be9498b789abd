import { useSyncExternalStore } from 'react';
import { readToken, subscribeToken } from './auth/token-store.ts';
import { SignInPage } from './auth/sign-in-page.tsx';
import { CredentialsPage } from './credentials/credentials-page.tsx';
import { EditorPage } from './editor/editor-page.tsx';
import { FlowsPage } from './flows/flows-page.tsx';
import { usePath } from './ui/router.ts';

/** Sign-in when there is no token; otherwise the flows list, one flow's editor, or the credentials. */
export function App() {
  const token = useSyncExternalStore(subscribeToken, readToken);
  const path = usePath();
  if (token === null) return <SignInPage />;
  const flowMatch = /^\/flows\/([^/]+)$/.exec(path);
  if (flowMatch?.[1] !== undefined) return <EditorPage key={flowMatch[1]} flowId={decodeURIComponent(flowMatch[1])} />;
  if (path === '/credentials') return <CredentialsPage />;
  return <FlowsPage />;
}
