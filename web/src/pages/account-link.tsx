// The pages a one-time link opens: accepting an invitation, choosing a new password. The token is
// in the link's fragment (never sent to the server as part of a URL); these pages send it in a
// request body.
import { type FormEvent, useEffect, useState } from 'react';
import { inputLimits } from '../../generated/api-types.ts';
import { useAuth } from '../auth.tsx';
import { Alert, Button, Field, type FormErrors, formErrors, noErrors, Spinner } from '../components/ui.tsx';
import { useDocumentTitle } from '../hooks.ts';
import { Link, navigate } from '../router.tsx';
import { errorMessage } from '../services/http.ts';
import { acceptInvitation, inspectInvitation, resetPassword } from '../services/people.ts';
import { AuthCard } from './login.tsx';

const tokenFromLink = () => window.location.hash.replace(/^#/, '');

export function InvitePage() {
  useDocumentTitle('Join Baton');
  const { signedIn } = useAuth();
  const [token] = useState(tokenFromLink);
  const [invitation, setInvitation] = useState<{ email: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(token ? null : 'This page needs the whole invitation link, including the part after #.');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);

  useEffect(() => {
    if (!token) return;
    inspectInvitation(token)
      .then(setInvitation)
      .catch((err) => setProblem(errorMessage(err)));
  }, [token]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const fields: Record<string, string> = {};
    if (!name.trim()) fields.name = 'Enter your name as your team should see it.';
    if (password.length < 10) fields.password = 'Choose a password of at least 10 characters.';
    if (Object.keys(fields).length) {
      setErrors({ form: null, fields });
      return;
    }
    setBusy(true);
    setErrors(noErrors);
    try {
      signedIn(await acceptInvitation(token, name.trim(), password));
      navigate('/projects', { replace: true });
    } catch (err) {
      setErrors(formErrors(err, ['name', 'password']));
      setBusy(false);
    }
  }

  if (problem) {
    return (
      <AuthCard title="This invitation cannot be used">
        <Alert>{problem}</Alert>
        <p>
          Already have an account? <Link href="/login">Sign in</Link>
        </p>
      </AuthCard>
    );
  }
  if (!invitation) {
    return (
      <AuthCard title="Join Baton">
        <Spinner />
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Join Baton" subtitle={`You were invited as ${invitation.email}. Choose your name and a password.`}>
      <form onSubmit={submit} className="form" noValidate>
        {errors.form && <Alert>{errors.form}</Alert>}
        <Field label="Name" error={errors.fields.name} count={{ value: name, max: inputLimits['POST /api/invitations/accept'].name }}>
          {/* biome-ignore lint/a11y/noAutofocus: the page has one job, and this is its first field */}
          {(p) => <input {...p} autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} autoFocus />}
        </Field>
        <Field label="Password" hint="At least 10 characters." error={errors.fields.password}>
          {(p) => <input {...p} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        <Button type="submit" variant="primary" busy={busy} className="btn-block">
          Create account and sign in
        </Button>
      </form>
    </AuthCard>
  );
}

export function ResetPasswordPage() {
  useDocumentTitle('Choose a new password');
  const [token] = useState(tokenFromLink);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(
    token ? noErrors : { form: 'This page needs the whole reset link, including the part after #.', fields: {} },
  );
  const [done, setDone] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (password.length < 10) {
      setErrors({ form: null, fields: { password: 'Choose a password of at least 10 characters.' } });
      return;
    }
    setBusy(true);
    setErrors(noErrors);
    try {
      setDone((await resetPassword(token, password)).email);
    } catch (err) {
      setErrors(formErrors(err, ['password']));
    } finally {
      setBusy(false);
    }
  }

  if (done) {
    return (
      <AuthCard title="Password changed">
        <Alert kind="success">{done} can now sign in with the new password. Every earlier session has ended.</Alert>
        <Link href="/login" className="btn btn-primary btn-block">
          Sign in
        </Link>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Choose a new password">
      <form onSubmit={submit} className="form" noValidate>
        {errors.form && <Alert>{errors.form}</Alert>}
        <Field label="New password" hint="At least 10 characters." error={errors.fields.password}>
          {/* biome-ignore lint/a11y/noAutofocus: the page has one job, and this is its field */}
          {(p) => <input {...p} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} autoFocus />}
        </Field>
        <Button type="submit" variant="primary" busy={busy} disabled={!token} className="btn-block">
          Set password
        </Button>
      </form>
    </AuthCard>
  );
}
