import type { ProviderField, ProviderInfo } from '../types.ts';
import { Field } from './ui.tsx';

/**
 * A provider's own inputs, as its descriptor lists them: the project settings (which
 * organisation / server its repositories live on) or a credential's extra fields. Errors are
 * looked up as `${errorPrefix}${name}`, e.g. "settings.baseUrl".
 */
export function ProviderFields({
  fields,
  values,
  onChange,
  errors,
  errorPrefix = '',
}: {
  fields: ProviderField[];
  values: Record<string, string | undefined>;
  onChange: (values: Record<string, string | undefined>) => void;
  errors: Record<string, string>;
  errorPrefix?: string;
}) {
  const input = (f: ProviderField) => (
    <Field key={f.name} label={f.label} hint={f.hint || undefined} optional={!f.required} error={errors[`${errorPrefix}${f.name}`]}>
      {(p) => (
        <input
          {...p}
          required={f.required}
          type={f.type}
          inputMode={f.type === 'text' ? undefined : f.type}
          autoComplete={f.type === 'email' ? 'email' : undefined}
          spellCheck={false}
          placeholder={f.placeholder || undefined}
          value={values[f.name] ?? ''}
          onChange={(e) => onChange({ ...values, [f.name]: e.target.value })}
        />
      )}
    </Field>
  );
  // Names side by side (e.g. organisation and project), addresses on their own line.
  const names = fields.filter((f) => f.type !== 'url');
  const urls = fields.filter((f) => f.type === 'url');
  return (
    <>
      {names.length > 1 ? <div className="field-row">{names.map(input)}</div> : names.map(input)}
      {urls.map(input)}
    </>
  );
}

/** The choice of provider, among those the server offers. */
export function ProviderSelect({
  label,
  list,
  value,
  onChange,
  error,
  className,
}: {
  label: string;
  list: ProviderInfo[];
  value: string;
  onChange: (kind: string) => void;
  error?: string;
  className?: string;
}) {
  return (
    <Field label={label} error={error} className={className}>
      {(p) => (
        <select {...p} value={value} onChange={(e) => onChange(e.target.value)}>
          {list.map((x) => (
            <option key={x.kind} value={x.kind}>
              {x.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
