/** How urgent a ticket is, from none to urgent; 'none' is the default and sorts last. */
export const PRIORITIES = ['none', 'low', 'medium', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];
