// Comments on tickets in markdown, with "@name" mentions that notify.
import type { Feature } from '../feature.ts';
import { commentRoutes } from './routes.ts';

export function commentsFeature(): Feature {
  return { server: { routes: [commentRoutes] } };
}
