// Workflow automation: each project's ordered rules from PR events to ticket status, their
// settings routes and preview. The PR apply path (pr-status) moves tickets by them.
import type { Feature } from '../feature.ts';
import { automationRoutes } from './routes.ts';

export function automationFeature(): Feature {
  return { server: { routes: [automationRoutes] } };
}
