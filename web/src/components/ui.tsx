import { type ButtonHTMLAttributes, createContext, type ReactNode, useCallback, useContext, useEffect, useId, useRef, useState } from 'react';
import { initials, PR_LABEL } from '../format.ts';
import { ApiError, errorMessage } from '../services/http.ts';
import type { PrState } from '../types.ts';
import { avatarColour } from './avatar-colour.ts';
import './buttons.css';
import './forms.css';
import './feedback.css';
import './dialog.css';

type Variant = 'primary' | 'secondary' | 'ghost' | 'danger';

export function Button({
  variant = 'secondary',
  size,
  busy,
  children,
  className,
  disabled,
  type = 'button',
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; size?: 'sm'; busy?: boolean }) {
  return (
    <button
      type={type}
      className={['btn', `btn-${variant}`, size === 'sm' ? 'btn-sm' : '', className ?? ''].filter(Boolean).join(' ')}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      {...rest}
    >
      {busy && <span className="spinner spinner-inline" aria-hidden="true" />}
      {children}
    </button>
  );
}

export interface FieldControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
}

export function Field({
  label,
  hint,
  error,
  children,
  className,
  optional,
  count,
}: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  optional?: boolean;
  className?: string;
  /** Shows how much of its limit the value uses ("12/200"), as the server enforces it. */
  count?: { value: string; max: number };
  children: (props: FieldControlProps) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errId = `${id}-err`;
  const countId = `${id}-count`;
  const describedBy = [error ? errId : null, hint ? hintId : null, count ? countId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={['field', error ? 'field-invalid' : '', className ?? ''].join(' ')}>
      <div className="field-head">
        <label htmlFor={id} className="field-label">
          {label}
          {optional && <span className="field-optional"> (optional)</span>}
        </label>
        {count && <CharacterCount id={countId} {...count} />}
      </div>
      {children({ id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined })}
      {error && (
        <p id={errId} className="field-error">
          {error}
        </p>
      )}
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}

/** "12/200" under a text's limit; over it, in the error colour and saying by how much. */
export function CharacterCount({ id, value, max }: { id?: string; value: string; max: number }) {
  const length = [...value].length;
  const over = length > max;
  return (
    <span id={id} className={`field-count${over ? ' field-count-over' : ''}`} title={`At most ${max} characters`}>
      {over ? `${length - max} too many (at most ${max})` : `${length}/${max}`}
    </span>
  );
}

export interface FormErrors {
  form: string | null;
  fields: Record<string, string>;
}

export const noErrors: FormErrors = { form: null, fields: {} };

/** Splits an API error into per-field messages and a message for the form as a whole. */
export function formErrors(err: unknown, knownFields: string[] = []): FormErrors {
  if (err instanceof ApiError) {
    const fields = err.fields;
    const unknown = Object.entries(fields).filter(([k]) => knownFields.length > 0 && !knownFields.includes(k));
    const hasKnown = Object.keys(fields).some((k) => knownFields.includes(k));
    let form: string | null = null;
    // Each field's message names its field, so the ones no input shows read well on their own.
    if (!hasKnown) form = err.message;
    else if (unknown.length) form = unknown.map(([, v]) => v).join(' ');
    return { form, fields };
  }
  return { form: errorMessage(err), fields: {} };
}

export function Alert({ kind = 'error', children, title }: { kind?: 'error' | 'warning' | 'info' | 'success'; children: ReactNode; title?: string }) {
  return (
    <div className={`alert alert-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      <span className="alert-icon" aria-hidden="true">
        {kind === 'error' ? '!' : kind === 'warning' ? '!' : kind === 'success' ? '✓' : 'i'}
      </span>
      <div>
        {title && <p className="alert-title">{title}</p>}
        <div className="alert-body">{children}</div>
      </div>
    </div>
  );
}

export function Spinner({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

export function Skeleton({ lines = 3 }: { lines?: number }) {
  return (
    <div className="skeleton" role="status" aria-label="Loading">
      {Array.from({ length: lines }, (_, i) => (
        <div key={i} className="skeleton-line" style={{ width: `${90 - i * 17}%` }} />
      ))}
    </div>
  );
}

export function EmptyState({
  title,
  children,
  action,
  heading,
}: {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
  /** When the empty state is all the page has, its title is the page's heading. */
  heading?: boolean;
}) {
  const Title = heading ? 'h1' : 'p';
  return (
    <div className="empty">
      <Title className="empty-title">{title}</Title>
      {children && <div className="empty-body">{children}</div>}
      {action && <div className="empty-action">{action}</div>}
    </div>
  );
}

export function Avatar({ name, size = 20 }: { name: string; size?: number }) {
  return (
    <span className="avatar" aria-hidden="true" style={{ width: size, height: size, fontSize: size * 0.45, background: avatarColour(name) }}>
      {initials(name)}
    </span>
  );
}

const PR_ICON: Record<PrState, string> = { open: '●', draft: '○', merged: '◆', closed: '×' };

export function PrBadge({ number, url, state }: { number: number; url: string; state: PrState }) {
  return (
    <a
      className={`pr-badge pr-${state}`}
      href={url}
      target="_blank"
      rel="noopener noreferrer"
      aria-label={`Pull request #${number}: ${PR_LABEL[state]} (opens in a new tab)`}
      title={`Pull request #${number} · ${PR_LABEL[state]}`}
    >
      <span aria-hidden="true">{PR_ICON[state]}</span> #{number} <span className="pr-badge-state">{PR_LABEL[state]}</span>
    </a>
  );
}

export function Badge({ tone = 'neutral', children }: { tone?: 'neutral' | 'green' | 'red' | 'amber' | 'blue' | 'purple'; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

/** A modal built on <dialog>: focus is trapped, Escape closes, focus returns on close. */
export function Dialog({
  title,
  onClose,
  children,
  footer,
  wide,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    const opener = document.activeElement as HTMLElement | null;
    if (!d.open) d.showModal();
    const handle = (e: Event) => {
      e.preventDefault();
      onCloseRef.current();
    };
    d.addEventListener('cancel', handle);
    return () => {
      d.removeEventListener('cancel', handle);
      if (d.open) d.close();
      opener?.focus?.();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={`dialog${wide ? ' dialog-wide' : ''}`}
      aria-labelledby={titleId}
      onMouseDown={(e) => {
        if (e.target === ref.current) onCloseRef.current();
      }}
    >
      <div className="dialog-inner">
        <header className="dialog-header">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="icon-btn" aria-label="Close" onClick={() => onCloseRef.current()}>
            ×
          </button>
        </header>
        <div className="dialog-body">{children}</div>
        {footer && <footer className="dialog-footer">{footer}</footer>}
      </div>
    </dialog>
  );
}

interface Toast {
  id: number;
  text: string;
  kind: 'info' | 'error' | 'success';
}
const ToastContext = createContext<(text: string, kind?: Toast['kind']) => void>(() => {});

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);
  const push = useCallback((text: string, kind: Toast['kind'] = 'info') => {
    const id = next.current++;
    setToasts((t) => [...t.slice(-2), { id, text, kind }]);
    window.setTimeout(() => setToasts((t) => t.filter((x) => x.id !== id)), kind === 'error' ? 8000 : 4000);
  }, []);
  return (
    <ToastContext.Provider value={push}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((t) => (
          <div key={t.id} className={`toast toast-${t.kind}`}>
            {t.text}
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast() {
  return useContext(ToastContext);
}

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // Clipboard API needs a secure context; fall back to a hidden textarea.
      const ta = document.createElement('textarea');
      ta.value = text;
      ta.setAttribute('readonly', '');
      ta.style.position = 'fixed';
      ta.style.opacity = '0';
      document.body.appendChild(ta);
      ta.select();
      document.execCommand('copy');
      ta.remove();
    }
    setCopied(true);
    window.setTimeout(() => setCopied(false), 2000);
  }
  return (
    <Button size="sm" onClick={() => void copy()}>
      {copied ? 'Copied' : label}
    </Button>
  );
}
