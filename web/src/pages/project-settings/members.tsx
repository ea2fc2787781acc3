import { type FormEvent, useState } from 'react';
import { useMe } from '../../auth.tsx';
import { Alert, Avatar, Badge, Button, Skeleton, useToast } from '../../components/ui.tsx';
import { useResource } from '../../hooks.ts';
import { errorMessage } from '../../services/http.ts';
import { addMember, fetchMembers, fetchUsers, removeMember } from '../../services/members.ts';
import type { Member, Project, Role } from '../../types.ts';
import { canManage } from './can-manage.ts';

export function MembersSection({ project }: { project: Project }) {
  const me = useMe();
  const toast = useToast();
  const editable = canManage(project, me.isAdmin);
  const members = useResource((signal) => fetchMembers(project.id, signal), [project.id]);
  const users = useResource((signal) => (editable ? fetchUsers(signal) : Promise.resolve([])), [editable]);
  const [userId, setUserId] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const candidates = (users.data ?? []).filter((u) => !u.deactivatedAt && !(members.data ?? []).some((m) => m.userId === u.id));

  async function add(e: FormEvent) {
    e.preventDefault();
    if (!userId) {
      setError('Choose a person to add.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await addMember(project.id, userId, role);
      setUserId('');
      await members.reload();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  async function remove(m: Member) {
    try {
      await removeMember(project.id, m.userId);
      members.setData((prev) => (prev ?? []).filter((x) => x.userId !== m.userId));
      toast(`${m.name} removed from ${project.key}`);
    } catch (err) {
      toast(`Couldn't remove ${m.name}: ${errorMessage(err)}`, 'error');
    }
  }

  return (
    <section className="panel" id="members" aria-labelledby="members-h">
      <div className="panel-header">
        <h2 id="members-h">Members</h2>
      </div>
      {members.error && !members.data && <Alert>{members.error}</Alert>}
      {members.loading && <Skeleton lines={2} />}
      {members.data && (
        <ul className="member-list" aria-label="Members">
          {members.data.map((m) => (
            <li key={m.userId} className="member">
              <Avatar name={m.name} size={28} />
              <div className="member-info">
                <strong>{m.name}</strong>
                <span className="muted small">{m.email}</span>
              </div>
              <Badge tone={m.role === 'owner' ? 'purple' : 'neutral'}>{m.role === 'owner' ? 'Owner' : 'Member'}</Badge>
              {m.deactivated && <Badge tone="neutral">Deactivated</Badge>}
              {editable && m.userId !== me.id && (
                <Button size="sm" variant="ghost" onClick={() => void remove(m)} aria-label={`Remove ${m.name}`}>
                  Remove
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {editable && (
        <form className="inline-form" onSubmit={add} aria-label="Add a member">
          <label className="sr-only" htmlFor="add-member">
            Person
          </label>
          <select id="add-member" value={userId} onChange={(e) => setUserId(e.target.value)}>
            <option value="">{users.loading ? 'Loading people…' : candidates.length ? 'Add a person…' : 'Everyone is a member already'}</option>
            {candidates.map((u) => (
              <option key={u.id} value={u.id}>
                {u.email ? `${u.name} (${u.email})` : u.name}
              </option>
            ))}
          </select>
          <label className="sr-only" htmlFor="add-member-role">
            Role
          </label>
          <select id="add-member-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            <option value="member">Member</option>
            <option value="owner">Owner</option>
          </select>
          <Button type="submit" busy={busy} disabled={!candidates.length}>
            Add member
          </Button>
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
        </form>
      )}
    </section>
  );
}
