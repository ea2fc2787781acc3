import { EmptyState } from '../components/ui.tsx';
import { useDocumentTitle } from '../hooks.ts';
import { Link } from '../router.tsx';

export function NotFoundPage({ what = 'page' }: { what?: string }) {
  useDocumentTitle('Not found');
  return (
    <div className="page">
      <EmptyState
        heading
        title={`This ${what} doesn't exist`}
        action={
          <Link href="/projects" className="btn btn-secondary">
            Back to projects
          </Link>
        }
      >
        It may have been removed, or the link has a typo. You might also not be a member of its project.
      </EmptyState>
    </div>
  );
}
