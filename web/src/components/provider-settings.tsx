import type { ProjectSettings, Provider } from '../types.ts';
import { Field } from './ui.tsx';

/** The provider-specific part of a project: which organisation / server its repositories live on. */
export function ProviderSettingsFields({
  provider,
  settings,
  onChange,
  errors,
}: {
  provider: Provider;
  settings: ProjectSettings;
  onChange: (s: ProjectSettings) => void;
  errors: Record<string, string>;
}) {
  const set = (k: keyof ProjectSettings, v: string) => onChange({ ...settings, [k]: v });
  const baseUrl = (label: string, hint: string, optional: boolean, placeholder: string) => (
    <Field label={label} hint={hint} optional={optional} error={errors['settings.baseUrl'] ?? errors.settings}>
      {(p) => (
        <input {...p} type="url" inputMode="url" placeholder={placeholder} value={settings.baseUrl ?? ''} onChange={(e) => set('baseUrl', e.target.value)} />
      )}
    </Field>
  );
  switch (provider) {
    case 'github':
      return baseUrl('API base URL', 'Leave empty for github.com. For GitHub Enterprise Server use https://HOST/api/v3.', true, 'https://api.github.com');
    case 'ado':
      return (
        <>
          <div className="field-row">
            <Field label="Organization" error={errors['settings.organization']}>
              {(p) => <input {...p} required placeholder="contoso" value={settings.organization ?? ''} onChange={(e) => set('organization', e.target.value)} />}
            </Field>
            <Field label="Project" error={errors['settings.project']}>
              {(p) => <input {...p} required placeholder="Payments" value={settings.project ?? ''} onChange={(e) => set('project', e.target.value)} />}
            </Field>
          </div>
          {baseUrl('Base URL', 'Leave empty for Azure DevOps Services (https://dev.azure.com).', true, 'https://dev.azure.com')}
        </>
      );
    case 'bitbucket':
      return <p className="muted small">Bitbucket Cloud needs nothing else here; the workspace comes from each linked repository.</p>;
    case 'gitea':
      return baseUrl('Server URL', 'The address of your Gitea or Forgejo server.', false, 'https://git.example.com');
  }
}

/** Drops empty strings so the API applies its defaults. */
export function cleanSettings(provider: Provider, s: ProjectSettings): ProjectSettings {
  const out: ProjectSettings = {};
  if (s.baseUrl?.trim()) out.baseUrl = s.baseUrl.trim();
  if (provider === 'ado') {
    if (s.organization?.trim()) out.organization = s.organization.trim();
    if (s.project?.trim()) out.project = s.project.trim();
  }
  return out;
}
