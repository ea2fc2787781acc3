import type { Invitation, Me, User, UserRole } from '../types.ts';
import { api, enc } from './http.ts';

export async function fetchPeople(signal?: AbortSignal): Promise<User[]> {
  return (await api.get<{ items: User[] }>('/users', { signal })).items;
}

export async function fetchInvitations(signal?: AbortSignal): Promise<Invitation[]> {
  return (await api.get<{ items: Invitation[] }>('/invitations', { signal })).items;
}

/** The answer carries the one-time link: show it now, it is not given again. */
export function invite(email: string, role: UserRole): Promise<Invitation & { link: string }> {
  return api.post('/invitations', { email, role });
}

export async function revokeInvitation(id: string): Promise<void> {
  await api.del(`/invitations/${enc(id)}`);
}

export function changeRole(userId: string, role: UserRole): Promise<User> {
  return api.patch(`/users/${enc(userId)}`, { role });
}

export function deactivate(userId: string): Promise<User> {
  return api.post(`/users/${enc(userId)}/deactivate`);
}

export function reactivate(userId: string): Promise<User> {
  return api.post(`/users/${enc(userId)}/reactivate`);
}

export function createResetLink(userId: string): Promise<{ link: string; expiresAt: string }> {
  return api.post(`/users/${enc(userId)}/reset-link`);
}

export function inspectInvitation(token: string): Promise<{ email: string; expiresAt: string }> {
  return api.post('/invitations/inspect', { token }, { quiet401: true });
}

export async function acceptInvitation(token: string, name: string, password: string): Promise<Me> {
  return (await api.post<{ user: Me }>('/invitations/accept', { token, name, password }, { quiet401: true })).user;
}

export function resetPassword(token: string, password: string): Promise<{ email: string }> {
  return api.post('/password-resets/accept', { token, password }, { quiet401: true });
}

export function renameMe(name: string): Promise<Me> {
  return api.patch('/me', { name });
}

export async function changeMyPassword(currentPassword: string, newPassword: string): Promise<void> {
  await api.post('/me/password', { currentPassword, newPassword });
}
