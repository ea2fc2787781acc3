import { type FormEvent, useEffect, useState } from 'react';
import { inputLimits } from '../../generated/api-types.ts';
import { useAuth } from '../auth.tsx';
import { Alert, Button, Field, type FormErrors, formErrors, noErrors, Spinner } from '../components/ui.tsx';
import { useDocumentTitle } from '../hooks.ts';
import { Link, navigate, useLocation } from '../router.tsx';
import { errorMessage } from '../services/http.ts';
import { createFirstAdmin, fetchMe, fetchSetupNeeded } from '../services/session.ts';
import { AuthCard } from './login.tsx';

export function SetupPage() {
  useDocumentTitle('Set up Baton');
  const { signedIn } = useAuth();
  const { search } = useLocation();
  const token = search.get('token') ?? '';
  const [needed, setNeeded] = useState<boolean | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [form, setForm] = useState({ name: '', email: '', password: '' });
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);

  useEffect(() => {
    fetchSetupNeeded()
      .then(setNeeded)
      .catch((err: unknown) => setLoadError(errorMessage(err)));
  }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors(noErrors);
    try {
      await createFirstAdmin({ token, name: form.name.trim(), email: form.email.trim(), password: form.password });
      const m = await fetchMe();
      signedIn(m);
      navigate('/projects', { replace: true });
    } catch (err) {
      setErrors(formErrors(err, ['name', 'email', 'password']));
      setBusy(false);
    }
  }

  if (loadError) {
    return (
      <AuthCard title="Set up Baton">
        <Alert>{loadError}</Alert>
      </AuthCard>
    );
  }
  if (needed === null) {
    return (
      <AuthCard title="Set up Baton">
        <Spinner />
      </AuthCard>
    );
  }
  if (!needed) {
    return (
      <AuthCard title="Baton is already set up">
        <p>An administrator exists already, so this setup link no longer works.</p>
        <Link href="/login" className="btn btn-primary btn-block">
          Go to sign in
        </Link>
      </AuthCard>
    );
  }
  if (!token) {
    return (
      <AuthCard title="Set up Baton">
        <Alert kind="info" title="Use the setup link">
          The server printed a one-time setup link in its log when it started. Open that link (it ends in <code>/setup?token=…</code>) to create the first
          administrator.
        </Alert>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Create the first admin" subtitle="This account can create projects and invite the rest of your team.">
      <form onSubmit={submit} className="form" noValidate>
        {errors.form && <Alert>{errors.form}</Alert>}
        {errors.fields.token && <Alert>{errors.fields.token}</Alert>}
        <Field label="Name" error={errors.fields.name} count={{ value: form.name, max: inputLimits['POST /api/setup'].name }}>
          {/* biome-ignore lint/a11y/noAutofocus: the page has one job, and this is its first field */}
          {(p) => <input {...p} autoComplete="name" required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} autoFocus />}
        </Field>
        <Field label="Email" error={errors.fields.email}>
          {(p) => (
            <input {...p} type="email" autoComplete="username" required value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />
          )}
        </Field>
        <Field label="Password" error={errors.fields.password} hint="At least 10 characters. A long passphrase you use nowhere else is best.">
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="new-password"
              required
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.target.value })}
            />
          )}
        </Field>
        <Button type="submit" variant="primary" busy={busy} className="btn-block">
          Create admin and sign in
        </Button>
      </form>
    </AuthCard>
  );
}
