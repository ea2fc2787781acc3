/** A GitHub App installation Baton has seen, with its cached installation token (sealed). */
export interface GitHubAppInstallationsTable {
  /** GitHub's installation id. */
  id: string;
  /** The user or organisation (login) the App is installed on. */
  account: string;
  repository_selection: string;
  suspended_at: string | null;
  deleted_at: string | null;
  token_ciphertext: string | null;
  token_expires_at: string | null;
  /** Epoch milliseconds until which one process holds the right to refresh the token. */
  refreshing_until: number | null;
  created_at: string;
  updated_at: string;
}

/** A repository an installation reaches. */
export interface GitHubAppRepositoriesTable {
  installation_id: string;
  external_id: string;
  owner: string;
  name: string;
  /** Newest verified delivery about the repository through the App's webhook. */
  last_delivery_at: string | null;
}

/** A person's authorisation of the App: their user-to-server token and its refresh token (sealed). */
export interface GitHubAppAuthorizationsTable {
  user_id: string;
  github_user_id: string;
  login: string;
  token_ciphertext: string | null;
  token_expires_at: string | null;
  refresh_ciphertext: string | null;
  refresh_expires_at: string | null;
  refreshing_until: number | null;
  /** Set (tokens deleted) when the person revoked the App or GitHub refused the token. */
  revoked_at: string | null;
  revoked_reason: string | null;
  updated_at: string;
}

/** A `state` handed to GitHub in an install or authorise link; `id` is its SHA-256. */
export interface GitHubAppStatesTable {
  id: string;
  /** The session (SHA-256 of its cookie) that asked for the link. */
  session_id: string;
  user_id: string;
  project_id: string | null;
  expires_at: string;
}
