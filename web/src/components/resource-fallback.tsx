import type { ReactNode } from 'react';
import type { Resource } from '../hooks.ts';
import { NotFoundPage } from '../pages/not-found.tsx';
import { Alert, Skeleton } from './ui.tsx';

/** What a page shows while its main resource loads, failed or does not exist; null once there is data. */
export function resourceFallback<T>(resource: Resource<T>, what: string, skeletonLines: number): ReactNode | null {
  if (resource.error && resource.data === undefined) {
    return (
      <div className="page">
        <Alert>{resource.error}</Alert>
      </div>
    );
  }
  if (resource.loading) {
    return (
      <div className="page">
        <Skeleton lines={skeletonLines} />
      </div>
    );
  }
  return resource.data ? null : <NotFoundPage what={what} />;
}
