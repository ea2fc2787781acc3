// Ticket and project keys appear in branch names and file paths, so they are validated
// strictly here and nowhere built from anything else.

export const PROJECT_KEY = /^[A-Z][A-Z0-9]{1,9}$/;
export const TICKET_KEY = /^([A-Z][A-Z0-9]{1,9})-([1-9][0-9]{0,8})$/;

export function ticketKey(projectKey: string, number: number): string {
  return `${projectKey}-${number}`;
}

export function parseTicketKey(key: string): { projectKey: string; number: number } | null {
  const m = TICKET_KEY.exec(key);
  return m ? { projectKey: m[1], number: Number(m[2]) } : null;
}

/** Ticket keys of `projectKey` mentioned in free text (branch names, PR titles). */
export function findTicketKeys(projectKey: string, text: string): string[] {
  const pattern = new RegExp(`(?:^|[^A-Za-z0-9])(${projectKey}-[1-9][0-9]{0,8})(?![0-9A-Za-z])`, 'gi');
  return [...new Set([...text.matchAll(pattern)].map((m) => m[1].toUpperCase()))];
}
