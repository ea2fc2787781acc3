import { type KeyboardEvent, useId, useMemo, useState } from 'react';
import { renderMarkdown } from '../markdown.ts';
import './markdown-editor.css';

export function Markdown({ source, className }: { source: string; className?: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  // biome-ignore lint/security/noDangerouslySetInnerHtml: safe by construction, renderMarkdown escapes all input before adding its own tags
  return <div className={`markdown ${className ?? ''}`} dangerouslySetInnerHTML={{ __html: html }} />;
}

/** A textarea with a Write / Preview switch. */
export function MarkdownEditor({
  label,
  value,
  onChange,
  onBlur,
  rows = 10,
  placeholder,
  error,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  onBlur?: () => void;
  rows?: number;
  placeholder?: string;
  error?: string | null;
}) {
  const [tab, setTab] = useState<'write' | 'preview'>('write');
  const id = useId();
  const tabs = [
    { key: 'write' as const, label: 'Write' },
    { key: 'preview' as const, label: 'Preview' },
  ];
  function onKeyDown(e: KeyboardEvent) {
    if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
      e.preventDefault();
      const next = tab === 'write' ? 'preview' : 'write';
      setTab(next);
      document.getElementById(`${id}-tab-${next}`)?.focus();
    }
  }
  return (
    <div className={`md-editor${error ? ' field-invalid' : ''}`}>
      <div className="md-editor-bar">
        {/* biome-ignore lint/a11y/useKeyWithClickEvents: a click on the label also shows the Write tab; keyboard users switch with the tab buttons */}
        <label htmlFor={`${id}-text`} className="field-label" onClick={() => setTab('write')}>
          {label}
        </label>
        <div role="tablist" aria-label={`${label} mode`} className="segmented">
          {tabs.map((t) => (
            <button
              key={t.key}
              id={`${id}-tab-${t.key}`}
              type="button"
              role="tab"
              aria-selected={tab === t.key}
              aria-controls={`${id}-panel-${t.key}`}
              tabIndex={tab === t.key ? 0 : -1}
              onClick={() => setTab(t.key)}
              onKeyDown={onKeyDown}
            >
              {t.label}
            </button>
          ))}
        </div>
      </div>
      <div id={`${id}-panel-write`} role="tabpanel" aria-labelledby={`${id}-tab-write`} hidden={tab !== 'write'}>
        <textarea
          id={`${id}-text`}
          rows={rows}
          value={value}
          placeholder={placeholder}
          onChange={(e) => onChange(e.target.value)}
          onBlur={onBlur}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-help${error ? ` ${id}-err` : ''}`}
          className="mono-input"
        />
        <p id={`${id}-help`} className="field-hint">
          Markdown: # headings, - lists, **bold**, *italic*, `code`, ``` code blocks, [links](https://…).
        </p>
      </div>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the WAI-ARIA tabs pattern makes a panel without focusable content focusable */}
      <div id={`${id}-panel-preview`} role="tabpanel" aria-labelledby={`${id}-tab-preview`} hidden={tab !== 'preview'} tabIndex={0} className="md-preview">
        {value.trim() ? <Markdown source={value} /> : <p className="muted">Nothing to preview yet.</p>}
      </div>
      {error && (
        <p id={`${id}-err`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
