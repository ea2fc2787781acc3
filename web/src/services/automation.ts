import type { AutomationPreview, AutomationRule, AutomationSettings } from '../types.ts';
import { api, enc } from './http.ts';

export function fetchAutomation(projectId: string, signal?: AbortSignal): Promise<AutomationSettings> {
  return api.get(`/projects/${enc(projectId)}/automation`, { signal });
}

/** Saves the rules in order; null goes back to the default rules. */
export function saveAutomation(projectId: string, rules: AutomationRule[] | null): Promise<AutomationSettings> {
  return api.put(`/projects/${enc(projectId)}/automation`, { rules });
}

export function previewAutomation(projectId: string, rules: AutomationRule[], signal?: AbortSignal): Promise<AutomationPreview> {
  return api.post(`/projects/${enc(projectId)}/automation/preview`, { rules }, { signal });
}
