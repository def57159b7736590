import { NetworkError, TimeoutError, UnauthorizedError } from '@waygate/health-client';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { usePageTitle } from '../layout/use-page-title';
import { useSessionState } from './session';

function signInError(error: unknown): string {
  if (error instanceof UnauthorizedError) {
    return 'That API key was not accepted. Check that you copied the whole key, and that it has not been revoked.';
  }
  if (error instanceof NetworkError || error instanceof TimeoutError) {
    return 'The Waygate Health server could not be reached. Is it running?';
  }
  return error instanceof Error && error.message
    ? `Sign-in failed: ${error.message}`
    : 'Sign-in failed.';
}

/** The whole dashboard sits behind this form: the tenant API key is the only credential. */
export function SignInPage() {
  usePageTitle('Sign in');
  const { signIn, signedOutReason } = useSessionState();
  const [apiKey, setApiKey] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const id = useId();

  useEffect(() => inputRef.current?.focus(), []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!apiKey.trim()) {
      setError('Enter the API key of your tenant.');
      inputRef.current?.focus();
      return;
    }
    setPending(true);
    setError(null);
    try {
      await signIn(apiKey);
    } catch (caught) {
      setError(signInError(caught));
      setPending(false);
      inputRef.current?.select();
    }
  };

  const message = error ?? signedOutReason;
  return (
    <main id="main" className="sign-in">
      <form
        className="wg-card sign-in-card"
        onSubmit={submit}
        noValidate
        aria-describedby={`${id}-help`}
      >
        <h1 className="sign-in-title">
          <span className="brand-mark" aria-hidden="true" />
          Waygate Health
        </h1>
        <p id={`${id}-help`} className="wg-muted">
          Sign in with your tenant's API key. <code>waygate-health serve</code> prints one on first
          start; <code>waygate-health tenant create --name …</code> makes another.
        </p>
        <label htmlFor={`${id}-key`} className="field-label">
          API key
        </label>
        <input
          ref={inputRef}
          id={`${id}-key`}
          name="apiKey"
          type="password"
          autoComplete="off"
          spellCheck={false}
          className="wg-input field-input"
          value={apiKey}
          aria-invalid={error ? true : undefined}
          aria-describedby={message ? `${id}-error` : undefined}
          onChange={(event) => setApiKey(event.target.value)}
        />
        {message && (
          <p id={`${id}-error`} role="alert" className="form-error" data-slot="sign-in-error">
            {message}
          </p>
        )}
        <button
          type="submit"
          className="wg-button wg-button-primary"
          disabled={pending}
          aria-busy={pending || undefined}
        >
          {pending ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="wg-muted small">
          The key stays in this browser tab only and is forgotten when you close it.
        </p>
      </form>
    </main>
  );
}
