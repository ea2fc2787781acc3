import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { useAuth } from '../auth.tsx';
import { Alert, Button, Field, type FormErrors, formErrors, noErrors } from '../components/ui.tsx';
import { useDocumentTitle } from '../hooks.ts';
import { navigate, safeNext, useLocation } from '../router.tsx';
import { fetchMe, fetchSetupNeeded, signIn } from '../services/session.ts';
import './login.css';

export function AuthCard({ title, subtitle, children }: { title: string; subtitle?: string; children: ReactNode }) {
  return (
    <div className="auth-page">
      <main className="auth-card" id="main">
        <div className="auth-brand">
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-name">Baton</span>
        </div>
        <h1>{title}</h1>
        {subtitle && <p className="muted">{subtitle}</p>}
        {children}
      </main>
    </div>
  );
}

export function LoginPage() {
  useDocumentTitle('Sign in');
  const { me, expired, signedIn } = useAuth();
  const { search } = useLocation();
  const next = safeNext(search.get('next'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [setupNeeded, setSetupNeeded] = useState(false);

  useEffect(() => {
    if (me) navigate(next, { replace: true });
  }, [me, next]);

  useEffect(() => {
    fetchSetupNeeded()
      .then(setSetupNeeded)
      .catch(() => {});
  }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors(noErrors);
    try {
      await signIn(email.trim(), password);
      // The login answer's user may be partial; /me is the shape the app relies on.
      const m = await fetchMe();
      signedIn(m);
      navigate(next, { replace: true });
    } catch (err) {
      setErrors(formErrors(err, ['email', 'password']));
      setBusy(false);
    }
  }

  return (
    <AuthCard title="Sign in to Baton">
      {expired && <Alert kind="info">Your session has ended. Sign in again to continue where you left off.</Alert>}
      {setupNeeded && (
        <Alert kind="info" title="Baton is not set up yet">
          Open the setup link that the server printed in its log (it looks like <code>/setup?token=…</code>) to create the first administrator.
        </Alert>
      )}
      <form onSubmit={submit} className="form" noValidate>
        {errors.form && <Alert>{errors.form}</Alert>}
        <Field label="Email" error={errors.fields.email}>
          {/* biome-ignore lint/a11y/noAutofocus: the page has one job, and this is its first field */}
          {(p) => <input {...p} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />}
        </Field>
        <Field label="Password" error={errors.fields.password}>
          {(p) => <input {...p} type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        <Button type="submit" variant="primary" busy={busy} className="btn-block">
          Sign in
        </Button>
      </form>
    </AuthCard>
  );
}
