import { useEffect, useState } from 'preact/hooks';
import { call, query } from '../api';
import { ErrorBox, JsonDetails } from '../components';
import { instant } from '../format';
import { may, type Session } from '../session';

interface AuditEntry {
  id: number;
  at: string;
  actor: { subject: string; role: string | null; via: 'cli' | 'http' };
  action: string;
  projection: string;
  parameters: Record<string, unknown>;
  outcome: 'succeeded' | 'refused' | 'failed';
  detail: Record<string, unknown>;
}

/** Who paused, resumed, reset, retried or skipped what, and when: from the CLI and the API. */
export function AuditLogView({ session }: { session: Session }) {
  const [projection, setProjection] = useState('');
  const [cursors, setCursors] = useState<string[]>([]);
  const [page, setPage] = useState<{ items: AuditEntry[]; next: string | null } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [applied, setApplied] = useState('');
  const cursor = cursors.at(-1);

  useEffect(() => {
    let current = true;
    setError(null);
    call<{ items: AuditEntry[]; next: string | null }>(session.token, 'GET', `/projections/audit-log${query({ projection: applied, cursor, limit: 50 })}`)
      .then(({ body }) => current && setPage(body))
      .catch((e) => current && setError(e));
    return () => {
      current = false;
    };
  }, [applied, cursor, session.token]);

  if (!may(session, 'operator', 'admin', 'auditor'))
    return <ErrorBox error={new Error(`The operator audit log is for operators, auditors and admins; you are signed in as ${session.role}.`)} />;

  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">Operator audit log</h2>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setCursors([]);
          setApplied(projection.trim());
        }}
      >
        <label>
          Projection <input name="projection" value={projection} placeholder="all" onInput={(e) => setProjection((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit">Filter</button>
      </form>
      <ErrorBox error={error} />
      {page ? (
        <table class="grid" id="audit-log">
          <thead>
            <tr>
              <th>When (UTC)</th>
              <th>Who</th>
              <th>Action</th>
              <th>Projection</th>
              <th>Outcome</th>
              <th>Detail</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((a) => (
              <tr key={a.id}>
                <td>{instant(a.at)}</td>
                <td>
                  {a.actor.subject}
                  <div class="hint">
                    {a.actor.role ?? ''} via {a.actor.via}
                  </div>
                </td>
                <td>{a.action}</td>
                <td>{a.projection}</td>
                <td class={a.outcome === 'succeeded' ? '' : 'error-text'}>{a.outcome}</td>
                <td>
                  {typeof a.detail.message === 'string' ? a.detail.message : ''}
                  <JsonDetails value={{ parameters: a.parameters, detail: a.detail }} label="details" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <div class="pager">
        {cursors.length > 0 ? (
          <button type="button" onClick={() => setCursors(cursors.slice(0, -1))}>
            Newer
          </button>
        ) : null}
        {page?.next ? (
          <button type="button" onClick={() => setCursors([...cursors, page.next!])}>
            Older
          </button>
        ) : null}
      </div>
    </section>
  );
}
