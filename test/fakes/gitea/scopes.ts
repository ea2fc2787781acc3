// Gitea's token scopes (models/auth/access_token_scope.go): a route needs `read:<category>` for
// GET and HEAD, `write:<category>` otherwise; write includes read, and `all` includes everything.
// The check runs in the route group's middleware, before the repository is even looked up.
import type { FakeToken } from './state.ts';

/** The scope categories a route's groups check, outermost first (routers/api/v1/api.go). */
function categoriesOf(template: string): string[] {
  if (template === '/users/{username}/repos') return ['user', 'repository'];
  if (template.startsWith('/user')) return ['user'];
  if (template.startsWith('/orgs/')) return ['organization'];
  if (template.startsWith('/repos')) return ['repository'];
  return [];
}

/** The scope the token lacks for the route, e.g. "write:repository", or null when it may call it. */
export function missingScope(token: FakeToken, method: string, template: string): string | null {
  const level = method === 'GET' || method === 'HEAD' ? 'read' : 'write';
  if (token.scopes.includes('all')) return null;
  for (const category of categoriesOf(template)) {
    const granted = token.scopes.includes(`write:${category}`) || (level === 'read' && token.scopes.includes(`read:${category}`));
    if (!granted) return `${level}:${category}`;
  }
  return null;
}

/** Gitea's words (routers/api/v1/api.go, tokenRequiresScopes). */
export const scopeMessage = (scope: string) => `token does not have at least one of required scope(s): [${scope}]`;
