import { type FormEvent, useState } from 'react';
import { lastSignOutReason, signIn } from './token-store.ts';

/** Asks for the API token Weft printed at its first start (or WEFT_API_TOKEN), and checks it before keeping it. */
export function SignInPage() {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(lastSignOutReason);
  const [checking, setChecking] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setChecking(true);
    setError(null);
    try {
      const response = await fetch('/api/flows', { headers: { authorization: `Bearer ${token.trim()}` } });
      if (response.status === 401) setError('That token is not valid. Check it and try again.');
      else if (!response.ok) setError(`Weft answered ${response.status}. Try again in a moment.`);
      else signIn(token.trim());
    } catch {
      setError('Weft could not be reached. Is it running?');
    } finally {
      setChecking(false);
    }
  };
  return (
    <div className="sign-in">
      <form className="sign-in-card" onSubmit={(event) => void submit(event)}>
        <h1>Weft</h1>
        <p className="muted">Sign in with your API token. Weft printed it when it first started; an operator may also have set it as WEFT_API_TOKEN.</p>
        {/* Lets password managers file the token under a name. */}
        <input type="text" name="username" autoComplete="username" value="weft" readOnly hidden />
        <label htmlFor="token">API token</label>
        <input id="token" type="password" autoComplete="current-password" value={token} onChange={(event) => setToken(event.target.value)} autoFocus />
        {error !== null && (
          <div className="field-error" role="alert">
            {error}
          </div>
        )}
        <button type="submit" className="primary-button" disabled={checking || token.trim() === ''}>
          {checking ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </div>
  );
}
