import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from './api';
import { shortId, shortPosition } from './format';

/** An error from the API or the console itself: code and message, and each wrong field. */
export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null;
  const e = error instanceof ApiError ? error : null;
  return (
    <div class="error" role="alert">
      {e ? (
        <strong>
          {e.status ? `${e.status} ` : ''}
          {e.code}
        </strong>
      ) : null}{' '}
      {(error as Error).message ?? String(error)}
      {e && e.errors.length > 0 ? (
        <ul>
          {e.errors.map((f) => (
            <li key={f.field}>
              <code>{f.field}</code> {f.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function Notice({ children, kind = 'info' }: { children: ComponentChildren; kind?: 'info' | 'success' }) {
  return (
    <div class={`notice ${kind}`} role="status">
      {children}
    </div>
  );
}

export function Badge({ value }: { value: string }) {
  return <span class={`badge badge-${value.toLowerCase()}`}>{value}</span>;
}

export function Pos({ value }: { value: string | null | undefined }) {
  return (
    <code class="position" title={value ?? undefined}>
      {shortPosition(value)}
    </code>
  );
}

export function Id({ value }: { value: string }) {
  return (
    <code title={value} class="id">
      {shortId(value)}
    </code>
  );
}

/** Who recorded an event: the token's subject, with its role under it. */
export function Who({ actor }: { actor: { subject: string; role: string } }) {
  return (
    <>
      {actor.subject}
      <div class="hint">{actor.role}</div>
    </>
  );
}

/** An event's correlation and causation ids, shortened. */
export function Causes({ event }: { event: { correlationId: string; causationId: string } }) {
  return (
    <>
      <Id value={event.correlationId} /> / <Id value={event.causationId} />
    </>
  );
}

/** A value shown as pretty JSON, folded until asked for. */
export function JsonDetails({ value, label = 'data' }: { value: unknown; label?: string }) {
  const [open, setOpen] = useState(false);
  return (
    <div class="json">
      <button type="button" class="link" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? `hide ${label}` : `show ${label}`}
      </button>
      {open ? <pre>{JSON.stringify(value, null, 2)}</pre> : null}
    </div>
  );
}

/** A button that asks once more before doing something that cannot be undone. */
export function ConfirmButton(props: { label: string; confirmLabel: string; onConfirm: () => void; disabled?: boolean; danger?: boolean; name?: string }) {
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button type="button" class={props.danger ? 'danger' : ''} disabled={props.disabled} data-action={props.name} onClick={() => setAsking(true)}>
        {props.label}
      </button>
    );
  return (
    <span class="confirm">
      <button
        type="button"
        class="danger"
        data-action={props.name ? `${props.name}-confirm` : undefined}
        onClick={() => {
          setAsking(false);
          props.onConfirm();
        }}
      >
        {props.confirmLabel}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
