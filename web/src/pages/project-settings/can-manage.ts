import type { Project } from '../../types.ts';

/** Owners of the project and admins may change its settings; members may look. */
export const canManage = (p: Project, isAdmin: boolean) => isAdmin || p.role === 'owner';
