import type { Member, Role, User } from '../types.ts';
import { api, enc, fetchAll } from './http.ts';

export function fetchMembers(projectId: string, signal?: AbortSignal): Promise<Member[]> {
  return fetchAll<Member>(`/projects/${enc(projectId)}/members`, signal);
}

export async function addMember(projectId: string, userId: string, role: Role): Promise<void> {
  await api.post(`/projects/${enc(projectId)}/members`, { userId, role });
}

export async function removeMember(projectId: string, userId: string): Promise<void> {
  await api.del(`/projects/${enc(projectId)}/members/${enc(userId)}`);
}

/** Everyone who could be added to a project. */
export function fetchUsers(signal?: AbortSignal): Promise<User[]> {
  return fetchAll<User>('/users', signal);
}
