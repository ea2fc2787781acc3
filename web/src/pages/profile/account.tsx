import { type FormEvent, useState } from 'react';
import { inputLimits } from '../../../generated/api-types.ts';
import { useAuth, useMe } from '../../auth.tsx';
import { Alert, Button, Field, type FormErrors, formErrors, noErrors, useToast } from '../../components/ui.tsx';
import { changeMyPassword, renameMe } from '../../services/people.ts';

/** Your name as others see it, and your password. */
export function AccountSection() {
  return (
    <section className="panel" aria-labelledby="account-h">
      <div className="panel-header">
        <h2 id="account-h">Name and password</h2>
      </div>
      <NameForm />
      <PasswordForm />
    </section>
  );
}

function NameForm() {
  const me = useMe();
  const { signedIn } = useAuth();
  const toast = useToast();
  const [name, setName] = useState(me.name);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) {
      setErrors({ form: null, fields: { name: 'Enter your name as your team should see it.' } });
      return;
    }
    setBusy(true);
    setErrors(noErrors);
    try {
      signedIn(await renameMe(name.trim()));
      toast('Name saved', 'success');
    } catch (err) {
      setErrors(formErrors(err, ['name']));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Your name">
      {errors.form && <Alert>{errors.form}</Alert>}
      <Field label="Name" error={errors.fields.name} count={{ value: name, max: inputLimits['PATCH /api/me'].name }}>
        {(p) => <input {...p} autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <div className="form-actions">
        <Button type="submit" busy={busy} disabled={name.trim() === me.name}>
          Save name
        </Button>
      </div>
    </form>
  );
}

function PasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [done, setDone] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const fields: Record<string, string> = {};
    if (!current) fields.currentPassword = 'Enter your current password.';
    if (next.length < 10) fields.newPassword = 'Choose a password of at least 10 characters.';
    if (Object.keys(fields).length) {
      setErrors({ form: null, fields });
      return;
    }
    setBusy(true);
    setErrors(noErrors);
    setDone(false);
    try {
      await changeMyPassword(current, next);
      setCurrent('');
      setNext('');
      setDone(true);
    } catch (err) {
      setErrors(formErrors(err, ['currentPassword', 'newPassword']));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Change your password">
      {done && <Alert kind="success">Password changed. You stay signed in here; every other session has ended.</Alert>}
      {errors.form && <Alert>{errors.form}</Alert>}
      <div className="field-row">
        <Field label="Current password" error={errors.fields.currentPassword}>
          {(p) => <input {...p} type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />}
        </Field>
        <Field label="New password" hint="At least 10 characters." error={errors.fields.newPassword}>
          {(p) => <input {...p} type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} />}
        </Field>
      </div>
      <div className="form-actions">
        <Button type="submit" busy={busy}>
          Change password
        </Button>
      </div>
    </form>
  );
}
