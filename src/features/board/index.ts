// The board: its columns with true counts under combinable filters and search, and the search
// across projects behind the command palette.
import type { Feature } from '../feature.ts';
import { boardRoutes } from './routes.ts';

export function boardFeature(): Feature {
  return { server: { routes: [boardRoutes] } };
}
