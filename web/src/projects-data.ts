import { api, enc, type Member, type Page, type Project, type User } from './api.ts';

/** Follows cursors until the list ends (bounded, so a bug can't loop forever). */
export async function fetchAll<T>(path: string, signal?: AbortSignal, maxPages = 20): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < maxPages; i++) {
    const sep = path.includes('?') ? '&' : '?';
    const page: Page<T> = await api.get<Page<T>>(cursor ? `${path}${sep}cursor=${enc(cursor)}` : path, { signal });
    items.push(...page.items);
    cursor = page.nextCursor ?? null;
    if (!cursor) break;
  }
  return items;
}

export async function fetchProjects(signal?: AbortSignal): Promise<Project[]> {
  return fetchAll<Project>('/projects', signal);
}

/** Routes use the project key; the API uses the id. */
export async function fetchProjectByKey(key: string, signal?: AbortSignal): Promise<Project | null> {
  const projects = await fetchProjects(signal);
  return projects.find((p) => p.key.toUpperCase() === key.toUpperCase()) ?? null;
}

export async function fetchMembers(projectId: string, signal?: AbortSignal): Promise<Member[]> {
  return fetchAll<Member>(`/projects/${enc(projectId)}/members`, signal);
}

export async function fetchUsers(signal?: AbortSignal): Promise<User[]> {
  return fetchAll<User>('/users', signal);
}
