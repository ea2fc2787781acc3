import { type FormEvent, type ReactNode, useState } from 'react';
import { useMe } from '../auth.tsx';
import { Alert, Avatar, Badge, Button, CopyButton, EmptyState, Field, type FormErrors, formErrors, noErrors, Skeleton, useToast } from '../components/ui.tsx';
import { absoluteTime } from '../format.ts';
import { useDocumentTitle, useResource } from '../hooks.ts';
import { errorMessage } from '../services/http.ts';
import { changeRole, createResetLink, deactivate, fetchInvitations, fetchPeople, invite, reactivate, revokeInvitation } from '../services/people.ts';
import type { Invitation, User, UserRole } from '../types.ts';
import './team.css';

/** The people of this Baton: admins invite, change roles, deactivate and make reset links; others see who they work with. */
export function TeamPage() {
  useDocumentTitle('Team');
  const me = useMe();
  const people = useResource((signal) => fetchPeople(signal), []);
  const replace = (u: User) => people.setData((prev) => (prev ?? []).map((p) => (p.id === u.id ? u : p)));

  return (
    <div className="page page-narrow">
      <header className="page-header">
        <div>
          <h1>Team</h1>
          <p className="muted">{me.isAdmin ? 'Everyone who can sign in to Baton, and the invitations still open.' : 'The people you share a project with.'}</p>
        </div>
      </header>
      {me.isAdmin && <Invitations />}
      <section className="panel" aria-labelledby="people-h">
        <div className="panel-header">
          <h2 id="people-h">People</h2>
        </div>
        {people.error && !people.data && <Alert>{people.error}</Alert>}
        {people.loading && <Skeleton lines={3} />}
        {people.data && people.data.length === 0 && <EmptyState title="Nobody yet">People appear here once you share a project.</EmptyState>}
        {people.data && people.data.length > 0 && (
          <ul className="team-list" aria-label="People">
            {people.data.map((p) => (
              <PersonRow key={p.id} person={p} manage={me.isAdmin} isMe={p.id === me.id} onChanged={replace} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function PersonRow({ person: p, manage, isMe, onChanged }: { person: User; manage: boolean; isMe: boolean; onChanged: (u: User) => void }) {
  const toast = useToast();
  const [busy, setBusy] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [reset, setReset] = useState<{ link: string; expiresAt: string } | null>(null);
  const inactive = !!p.deactivatedAt;

  async function run(what: string, action: () => Promise<void>) {
    setBusy(what);
    try {
      await action();
    } catch (err) {
      toast(errorMessage(err), 'error');
    } finally {
      setBusy(null);
      setConfirming(false);
    }
  }

  return (
    <li className={inactive ? 'team-person team-person-inactive' : 'team-person'} aria-label={p.name}>
      <Avatar name={p.name} size={32} />
      <div className="team-person-main">
        <div className="team-person-title">
          <strong>{p.name}</strong>
          {isMe && <span className="muted small">(you)</span>}
          {p.role === 'admin' && <Badge tone="purple">Admin</Badge>}
          {inactive && <Badge tone="red">Deactivated</Badge>}
        </div>
        {p.email && <div className="muted small">{p.email}</div>}
        {reset && (
          <OneTimeLink label={`Password reset link for ${p.name}`} link={reset.link}>
            Give it to {p.name} yourself; it is not shown again and works once, until {absoluteTime(reset.expiresAt)}.
          </OneTimeLink>
        )}
      </div>
      {manage && !isMe && (
        <div className="team-person-actions">
          {!inactive && (
            <>
              <label className="sr-only" htmlFor={`role-${p.id}`}>
                Role of {p.name}
              </label>
              <select
                id={`role-${p.id}`}
                value={p.role}
                disabled={busy !== null}
                onChange={(e) => {
                  const role = e.target.value as UserRole;
                  void run('role', async () => {
                    onChanged(await changeRole(p.id, role));
                    toast(`${p.name} is now ${role === 'admin' ? 'an administrator' : 'a member'}`);
                  });
                }}
              >
                <option value="member">Member</option>
                <option value="admin">Admin</option>
              </select>
              <Button size="sm" busy={busy === 'reset'} onClick={() => void run('reset', async () => setReset(await createResetLink(p.id)))}>
                Reset link
              </Button>
            </>
          )}
          {inactive ? (
            <Button size="sm" busy={busy === 'reactivate'} onClick={() => void run('reactivate', async () => onChanged(await reactivate(p.id)))}>
              Reactivate
            </Button>
          ) : confirming ? (
            <>
              <Button
                size="sm"
                variant="danger"
                busy={busy === 'deactivate'}
                autoFocus
                onClick={() =>
                  void run('deactivate', async () => {
                    onChanged(await deactivate(p.id));
                    setReset(null);
                    toast(`${p.name} is deactivated and signed out everywhere`);
                  })
                }
              >
                Deactivate {p.name}
              </Button>
              <Button size="sm" onClick={() => setConfirming(false)}>
                Cancel
              </Button>
            </>
          ) : (
            <Button size="sm" variant="ghost" onClick={() => setConfirming(true)}>
              Deactivate
            </Button>
          )}
        </div>
      )}
    </li>
  );
}

function Invitations() {
  const toast = useToast();
  const open = useResource((signal) => fetchInvitations(signal), []);
  const [created, setCreated] = useState<(Invitation & { link: string }) | null>(null);

  async function revoke(i: Invitation) {
    try {
      await revokeInvitation(i.id);
      open.setData((prev) => (prev ?? []).filter((x) => x.id !== i.id));
      if (created?.id === i.id) setCreated(null);
      toast(`Invitation for ${i.email} revoked`);
    } catch (err) {
      toast(errorMessage(err), 'error');
    }
  }

  return (
    <section className="panel" aria-labelledby="invite-h">
      <div className="panel-header">
        <h2 id="invite-h">Invite someone</h2>
      </div>
      <InviteForm
        onCreated={(i) => {
          setCreated(i);
          const { link: _shownOnce, ...info } = i;
          open.setData((prev) => [info, ...(prev ?? [])]);
        }}
      />
      {created && (
        <OneTimeLink label="Invitation link" link={created.link}>
          Send it to {created.email} yourself. It is not shown again, works once, and expires {absoluteTime(created.expiresAt)}.
        </OneTimeLink>
      )}
      {open.error && !open.data && <Alert>{open.error}</Alert>}
      {open.data && open.data.length > 0 && (
        <>
          <h3 className="team-subhead">Open invitations</h3>
          <ul className="team-list" aria-label="Open invitations">
            {open.data.map((i) => (
              <li key={i.id} className="team-person" aria-label={i.email}>
                <div className="team-person-main">
                  <div className="team-person-title">
                    <strong>{i.email}</strong>
                    {i.role === 'admin' && <Badge tone="purple">Admin</Badge>}
                    {i.expired && <Badge tone="amber">Expired</Badge>}
                  </div>
                  <div className="muted small">
                    {i.invitedBy ? `Invited by ${i.invitedBy} · ` : ''}
                    {i.expired ? 'expired' : 'expires'} {absoluteTime(i.expiresAt)}
                  </div>
                </div>
                <div className="team-person-actions">
                  <Button size="sm" variant="ghost" onClick={() => void revoke(i)}>
                    Revoke
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function InviteForm({ onCreated }: { onCreated: (i: Invitation & { link: string }) => void }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<UserRole>('member');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!email.trim()) {
      setErrors({ form: null, fields: { email: 'Enter the email address of the person to invite.' } });
      return;
    }
    setBusy(true);
    setErrors(noErrors);
    try {
      onCreated(await invite(email.trim(), role));
      setEmail('');
      setRole('member');
    } catch (err) {
      setErrors(formErrors(err, ['email', 'role']));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Invite someone">
      {errors.form && <Alert>{errors.form}</Alert>}
      <div className="field-row">
        <Field label="Email" error={errors.fields.email}>
          {(p) => <input {...p} type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />}
        </Field>
        <Field label="Role" error={errors.fields.role} className="field-narrow">
          {(p) => (
            <select {...p} value={role} onChange={(e) => setRole(e.target.value as UserRole)}>
              <option value="member">Member</option>
              <option value="admin">Admin</option>
            </select>
          )}
        </Field>
      </div>
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={busy}>
          Create invitation link
        </Button>
      </div>
    </form>
  );
}

/** A link shown once (Baton keeps only its hash): copy it now. */
function OneTimeLink({ label, link, children }: { label: string; link: string; children: ReactNode }) {
  return (
    <section className="secret-box" aria-label={label}>
      <Alert kind="warning" title="Copy this link now">
        {children}
      </Alert>
      <div className="copy-row">
        <code className="copy-value secret-value">{link}</code>
        <CopyButton text={link} label="Copy link" />
      </div>
    </section>
  );
}
