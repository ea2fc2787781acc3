export interface ProjectMembersTable {
  project_id: string;
  user_id: string;
  role: 'owner' | 'member';
  created_at: string;
}
