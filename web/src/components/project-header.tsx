import type { ReactNode } from 'react';
import { useProviderLabel } from '../git-providers.tsx';
import { Link } from '../router.tsx';
import type { Project } from '../types.ts';
import './project-header.css';

export function ProjectHeader({ project, current, actions }: { project: Project; current: 'board' | 'settings'; actions?: ReactNode }) {
  const base = `/projects/${encodeURIComponent(project.key)}`;
  const providerLabel = useProviderLabel();
  return (
    <header className="project-header">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/projects">Projects</Link>
        <span aria-hidden="true">/</span>
        <span>{project.key}</span>
      </nav>
      <div className="page-header">
        <div className="page-title">
          <h1>{project.name}</h1>
          <span className="muted small">{providerLabel(project.provider)}</span>
        </div>
        {actions && <div className="page-actions">{actions}</div>}
      </div>
      <nav className="tabs" aria-label="Project">
        <Link href={base} aria-current={current === 'board' ? 'page' : undefined}>
          Board
        </Link>
        <Link href={`${base}/settings`} aria-current={current === 'settings' ? 'page' : undefined}>
          Settings
        </Link>
      </nav>
    </header>
  );
}
