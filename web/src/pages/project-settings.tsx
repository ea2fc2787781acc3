import { useEffect } from 'react';
import { ProjectHeader } from '../components/project-header.tsx';
import { resourceFallback } from '../components/resource-fallback.tsx';
import { useDocumentTitle, useResource } from '../hooks.ts';
import { fetchProjectByKey } from '../services/projects.ts';
import { AutomationSection } from './project-settings/automation.tsx';
import { DeliveriesSection } from './project-settings/deliveries.tsx';
import { GeneralSection } from './project-settings/general.tsx';
import { MembersSection } from './project-settings/members.tsx';
import { RepositoriesSection } from './project-settings/repositories.tsx';
import { WebhookSection } from './project-settings/webhooks.tsx';
import './project-settings.css';

export function ProjectSettingsPage({ projectKey }: { projectKey: string }) {
  const project = useResource((signal) => fetchProjectByKey(projectKey, signal), [projectKey]);
  useDocumentTitle(project.data ? `${project.data.key} settings` : 'Settings');

  // Deep links like #git: scroll once the sections exist.
  const ready = !!project.data;
  useEffect(() => {
    if (!ready || !window.location.hash) return;
    document.getElementById(window.location.hash.slice(1))?.scrollIntoView();
  }, [ready]);

  const fallback = resourceFallback(project, 'project', 3);
  if (fallback || !project.data) return fallback;
  const p = project.data;
  return (
    <div className="page">
      <ProjectHeader project={p} current="settings" />
      <nav className="settings-nav" aria-label="Settings sections">
        <a href="#general">General</a>
        <a href="#members">Members</a>
        <a href="#git">Git</a>
        <a href="#automation">Automation</a>
        <a href="#webhooks">Webhooks</a>
        <a href="#deliveries">Deliveries</a>
      </nav>
      <GeneralSection project={p} onSaved={(np) => project.setData(np)} />
      <MembersSection project={p} />
      <RepositoriesSection project={p} />
      <AutomationSection project={p} />
      <WebhookSection project={p} />
      <DeliveriesSection project={p} />
    </div>
  );
}
