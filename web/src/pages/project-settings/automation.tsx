import { useEffect, useState } from 'react';
import { useMe } from '../../auth.tsx';
import { Alert, Button, type FormErrors, formErrors, noErrors, Skeleton, useToast } from '../../components/ui.tsx';
import { useResource } from '../../hooks.ts';
import { fetchAutomation, previewAutomation, saveAutomation } from '../../services/automation.ts';
import { errorMessage } from '../../services/http.ts';
import type { AutomationPreview, AutomationRule, AutomationSettings, Project } from '../../types.ts';
import { canManage } from './can-manage.ts';

// Workflow automation: the project's ordered rules "when … [into branch …] then move to …",
// edited in place, with what the unsaved rules would do to the tickets of recent PRs.

const PREVIEW_DELAY_MS = 400;

export function AutomationSection({ project }: { project: Project }) {
  const settings = useResource((signal) => fetchAutomation(project.id, signal), [project.id]);
  return (
    <section className="panel" id="automation" aria-labelledby="automation-h">
      <div className="panel-header">
        <h2 id="automation-h">Automation</h2>
      </div>
      <p className="muted small">
        When something happens to a ticket’s pull requests, the first rule that holds, from the top, moves the ticket. A move someone makes by hand wins over
        events that happened before it.
      </p>
      {settings.error ? (
        <Alert>{settings.error}</Alert>
      ) : settings.data ? (
        <RulesForm project={project} settings={settings.data} onSaved={(s) => settings.setData(s)} />
      ) : (
        <Skeleton lines={4} />
      )}
    </section>
  );
}

function RulesForm({ project, settings, onSaved }: { project: Project; settings: AutomationSettings; onSaved: (s: AutomationSettings) => void }) {
  const me = useMe();
  const toast = useToast();
  const editable = canManage(project, me.isAdmin);
  const [rules, setRules] = useState<AutomationRule[]>(settings.rules);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const preview = usePreview(project.id, rules);
  const statusName = (status: string) => settings.statuses.find((s) => s.status === status)?.label ?? status;

  const change = (index: number, patch: Partial<AutomationRule>) => setRules(rules.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  const move = (index: number, by: -1 | 1) => {
    const next = [...rules];
    [next[index], next[index + by]] = [next[index + by], next[index]];
    setRules(next);
  };

  async function save(next: AutomationRule[] | null) {
    setBusy(true);
    setErrors(noErrors);
    try {
      const saved = await saveAutomation(project.id, next);
      setRules(saved.rules);
      onSaved(saved);
      toast(next === null ? 'Default rules restored' : 'Rules saved', 'success');
    } catch (err) {
      setErrors(formErrors(err, ruleFields(rules.length)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        save(rules);
      }}
    >
      {errors.form && <Alert>{errors.form}</Alert>}
      <fieldset disabled={!editable} className="fieldset-plain">
        <ol className="rule-list" aria-label="Rules">
          {rules.map((rule, i) => (
            <li key={i} className="rule">
              <span className="rule-number" aria-hidden="true">
                {i + 1}
              </span>
              <label className="rule-part">
                <span className="rule-word">When</span>
                <select aria-label={`Rule ${i + 1}: when`} value={rule.event} onChange={(e) => change(i, { event: e.target.value as AutomationRule['event'] })}>
                  {settings.events.map((ev) => (
                    <option key={ev.event} value={ev.event}>
                      {ev.label}
                    </option>
                  ))}
                </select>
              </label>
              <label className="rule-part">
                <span className="rule-word">into branch</span>
                <input
                  aria-label={`Rule ${i + 1}: into branch`}
                  aria-invalid={errors.fields[`rules.${i}.branch`] ? true : undefined}
                  placeholder="any branch"
                  spellCheck={false}
                  value={rule.branch ?? ''}
                  onChange={(e) => change(i, { branch: e.target.value === '' ? null : e.target.value })}
                />
              </label>
              <label className="rule-part">
                <span className="rule-word">move to</span>
                <select aria-label={`Rule ${i + 1}: move to`} value={rule.status} onChange={(e) => change(i, { status: e.target.value })}>
                  {settings.statuses.map((s) => (
                    <option key={s.status} value={s.status}>
                      {s.label}
                    </option>
                  ))}
                </select>
              </label>
              {editable && (
                <span className="row-actions">
                  <Button size="sm" variant="ghost" aria-label={`Move rule ${i + 1} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                    ↑
                  </Button>
                  <Button size="sm" variant="ghost" aria-label={`Move rule ${i + 1} down`} disabled={i === rules.length - 1} onClick={() => move(i, 1)}>
                    ↓
                  </Button>
                  <Button size="sm" variant="ghost" aria-label={`Remove rule ${i + 1}`} onClick={() => setRules(rules.filter((_, j) => j !== i))}>
                    ✕
                  </Button>
                </span>
              )}
              {['event', 'branch', 'status'].map((f) =>
                errors.fields[`rules.${i}.${f}`] ? (
                  <p key={f} className="field-error rule-error">
                    {errors.fields[`rules.${i}.${f}`]}
                  </p>
                ) : null,
              )}
            </li>
          ))}
        </ol>
        {rules.length === 0 && <p className="muted small">No rules: pull requests will not move tickets.</p>}
        <p className="muted small">
          Branch patterns: <code>*</code> any characters but <code>/</code>, <code>**</code> any characters, <code>{'{main,master}'}</code> either.
        </p>
      </fieldset>
      {editable ? (
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={busy}>
            Save rules
          </Button>
          <Button onClick={() => setRules([...rules, { event: 'pr_opened', branch: null, status: settings.statuses[0]?.status ?? 'backlog' }])}>
            Add rule
          </Button>
          {!settings.isDefault && (
            <Button variant="ghost" onClick={() => save(null)} disabled={busy}>
              Restore defaults
            </Button>
          )}
        </div>
      ) : (
        <p className="muted small">Only project owners and admins can change the rules.</p>
      )}
      <RulePreview preview={preview} statusName={statusName} />
    </form>
  );
}

const ruleFields = (n: number) => Array.from({ length: n }, (_, i) => ['event', 'branch', 'status'].map((f) => `rules.${i}.${f}`)).flat();

type PreviewState = { data: AutomationPreview | null; error: string | null };

/** What the rules as edited would do, asked again a moment after each change. */
function usePreview(projectId: string, rules: AutomationRule[]): PreviewState {
  const [state, setState] = useState<PreviewState>({ data: null, error: null });
  const key = JSON.stringify(rules);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the rules' content, so an equal list asks nothing again
  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      previewAutomation(projectId, rules, controller.signal).then(
        (data) => setState({ data, error: null }),
        (err: unknown) => {
          if (!controller.signal.aborted) setState((s) => ({ data: s.data, error: errorMessage(err) }));
        },
      );
    }, PREVIEW_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [projectId, key]);
  return state;
}

function RulePreview({ preview, statusName }: { preview: PreviewState; statusName: (status: string) => string }) {
  return (
    <section className="rule-preview" aria-labelledby="rule-preview-h">
      <h3 id="rule-preview-h" className="subheading">
        Preview on recent pull requests
      </h3>
      {preview.error && <p className="field-error">{preview.error}</p>}
      {preview.data === null ? (
        !preview.error && <Skeleton lines={2} />
      ) : preview.data.items.length === 0 ? (
        <p className="muted small">No pull request is linked to a ticket yet: once one is, what these rules would do shows here.</p>
      ) : (
        <ul className="rule-preview-list" aria-label="What these rules would do">
          {preview.data.items.map((item) => (
            <li key={`${item.ticketKey}-${item.pullRequest.number}`}>
              <span className="repo-name">
                {item.ticketKey} · PR #{item.pullRequest.number}
              </span>{' '}
              <span className="muted small">
                ({item.pullRequest.state} into {item.pullRequest.baseBranch})
              </span>{' '}
              {item.moveTo === null ? (
                <span>no rule holds: it stays in {statusName(item.status)}</span>
              ) : item.moveTo === item.status ? (
                <span>this PR keeps the ticket in {statusName(item.status)}</span>
              ) : (
                <strong>
                  this PR would move the ticket to {statusName(item.moveTo)} (now {statusName(item.status)})
                </strong>
              )}
              {item.rule && <span className="muted small"> — {item.rule}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
