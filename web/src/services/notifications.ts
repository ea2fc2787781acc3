import type { NotificationPage } from '../types.ts';
import { api, enc, qs } from './http.ts';

export function fetchNotifications(signal?: AbortSignal): Promise<NotificationPage> {
  return api.get(`/me/notifications${qs({ limit: 30 })}`, { signal });
}

/** What the bell polls: cheap, one number. */
export async function fetchUnreadCount(signal?: AbortSignal): Promise<number> {
  return (await api.get<{ count: number }>('/me/notifications/unread-count', { signal })).count;
}

export async function markNotificationRead(id: string): Promise<void> {
  await api.post(`/me/notifications/${enc(id)}/read`);
}

/** Marks read what the reader has seen: up to the newest notification shown. */
export async function markAllNotificationsRead(upTo: string): Promise<void> {
  await api.post('/me/notifications/read-all', { upTo });
}
