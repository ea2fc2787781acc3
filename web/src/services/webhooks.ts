import type { Answer, DeliveryPage, RepositoryWebhook, WebhookInfo } from '../types.ts';
import { api, enc, qs } from './http.ts';

export function fetchWebhook(projectId: string, signal?: AbortSignal): Promise<WebhookInfo> {
  return api.get(`/projects/${enc(projectId)}/webhook-secret`, { signal });
}

/** A new secret (shown once, in the answer); the previous one keeps working for a grace period. */
export function generateWebhookSecret(projectId: string): Promise<Answer<'/api/projects/{projectId}/webhook-secret', 'post'>> {
  return api.post(`/projects/${enc(projectId)}/webhook-secret`);
}

export function fetchDeliveries(projectId: string, cursor?: string | null, signal?: AbortSignal): Promise<DeliveryPage> {
  return api.get(`/projects/${enc(projectId)}/deliveries${qs({ cursor })}`, { signal });
}

export async function replayDelivery(projectId: string, deliveryId: string): Promise<void> {
  await api.post(`/projects/${enc(projectId)}/deliveries/${enc(deliveryId)}/replay`);
}

export function fetchRepositoryWebhooks(projectId: string, signal?: AbortSignal): Promise<{ items: RepositoryWebhook[] }> {
  return api.get(`/projects/${enc(projectId)}/webhooks`, { signal });
}

/** Register the repository's webhook at the provider, or repair it; a job does the work. */
export function setUpRepositoryWebhook(projectId: string, repositoryId: string): Promise<RepositoryWebhook> {
  return api.post(`/projects/${enc(projectId)}/repositories/${enc(repositoryId)}/webhook`);
}

export function testRepositoryWebhook(projectId: string, repositoryId: string): Promise<RepositoryWebhook> {
  return api.post(`/projects/${enc(projectId)}/repositories/${enc(repositoryId)}/webhook/test`);
}
