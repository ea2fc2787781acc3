import { type FormEvent, useState } from 'react';
import { inputLimits } from '../../../generated/api-types.ts';
import { useMe } from '../../auth.tsx';
import { ProviderFields } from '../../components/provider-settings.tsx';
import { Alert, Button, Field, type FormErrors, formErrors, noErrors, Skeleton, useToast } from '../../components/ui.tsx';
import { cleanValues, useProviderLabel, useProviders } from '../../git-providers.tsx';
import { type ProjectChange, updateProject } from '../../services/projects.ts';
import type { Project, ProjectSettings } from '../../types.ts';
import { canManage } from './can-manage.ts';

export function GeneralSection({ project, onSaved }: { project: Project; onSaved: (p: Project) => void }) {
  const me = useMe();
  const toast = useToast();
  const [name, setName] = useState(project.name);
  const providers = useProviders();
  const provider = providers.list?.find((x) => x.kind === project.provider);
  const providerName = useProviderLabel()(project.provider);
  const [settings, setSettings] = useState<ProjectSettings>(project.settings ?? {});
  const [branchPrefix, setBranchPrefix] = useState(project.branchPrefix ?? '');
  const [draft, setDraft] = useState(project.draftPullRequests);
  const [forks, setForks] = useState(project.acceptForkPullRequests);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const editable = canManage(project, me.isAdmin);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors(noErrors);
    try {
      const body: ProjectChange = {
        name: name.trim(),
        // A provider this Baton does not offer keeps its settings as they are.
        ...(provider && { settings: cleanValues(provider.settings, settings) }),
        draftPullRequests: draft,
        acceptForkPullRequests: forks,
      };
      // The API has no "no prefix" value; an empty field leaves the prefix as it is.
      if (branchPrefix.trim()) body.branchPrefix = branchPrefix.trim();
      const p = await updateProject(project.id, body);
      onSaved({ ...project, ...p });
      toast('Project settings saved', 'success');
    } catch (err) {
      setErrors(
        formErrors(err, [
          'name',
          ...(provider?.settings ?? []).map((f) => `settings.${f.name}`),
          'branchPrefix',
          'draftPullRequests',
          'acceptForkPullRequests',
        ]),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" id="general" aria-labelledby="general-h">
      <div className="panel-header">
        <h2 id="general-h">General</h2>
      </div>
      <form className="form" onSubmit={submit} noValidate>
        {errors.form && <Alert>{errors.form}</Alert>}
        <fieldset disabled={!editable} className="fieldset-plain">
          <div className="field-row">
            <Field label="Key" hint="Part of every ticket key; it can't be changed." className="field-narrow">
              {(p) => <input {...p} value={project.key} readOnly disabled />}
            </Field>
            <Field label="Name" error={errors.fields.name} count={{ value: name, max: inputLimits['PATCH /api/projects/{projectId}'].name }}>
              {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
            </Field>
          </div>
          <h3 className="subheading">{providerName} settings</h3>
          {provider ? (
            <ProviderFields fields={provider.settings} values={settings} onChange={setSettings} errors={errors.fields} errorPrefix="settings." />
          ) : providers.list ? (
            <p className="muted small">This Baton version does not support {providerName}; its settings stay as they are.</p>
          ) : providers.error ? (
            <Alert>{providers.error}</Alert>
          ) : (
            <Skeleton lines={2} />
          )}
          <div className="field-row">
            <Field
              label="Branch prefix"
              error={errors.fields.branchPrefix}
              hint="Start work creates branches under this prefix: letters, digits, “.”, “_” and “-”, at most 40."
            >
              {(p) => <input {...p} value={branchPrefix} spellCheck={false} onChange={(e) => setBranchPrefix(e.target.value)} />}
            </Field>
          </div>
          <label className="check">
            <input type="checkbox" checked={draft} onChange={(e) => setDraft(e.target.checked)} />
            Open pull requests as drafts
          </label>
          <label className="check">
            <input type="checkbox" checked={forks} onChange={(e) => setForks(e.target.checked)} />
            Let pull requests from forks link to tickets and tick acceptance criteria
          </label>
          <p className="muted small">
            Off: only a pull request whose branch is in the linked repository moves a ticket, as anybody can fork a public repository.
          </p>
        </fieldset>
        {editable ? (
          <div className="form-actions">
            <Button type="submit" variant="primary" busy={busy}>
              Save changes
            </Button>
          </div>
        ) : (
          <p className="muted small">Only project owners and admins can change these settings.</p>
        )}
      </form>
    </section>
  );
}
