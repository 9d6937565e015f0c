import { useState } from 'preact/hooks';
import { call, query } from '../api';
import { ConfirmButton, ErrorBox, Id, Notice, Pos } from '../components';
import { instant } from '../format';
import { usePoll } from '../poll';
import { may, type Session } from '../session';

interface DeadLetter {
  id: number;
  generation: number;
  position: string;
  eventId: string;
  eventType: string;
  streamId: string;
  error: string;
  attempts: number;
  status: 'pending' | 'retried' | 'skipped';
  createdAt: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
}

/** A read model's dead letters, with retry (operators) and skip (admins, for good). */
export function DeadLetters(props: { session: Session; projection: string; onChanged: () => void; onClose: () => void }) {
  const { session, projection } = props;
  const [status, setStatus] = useState<'' | 'pending' | 'retried' | 'skipped'>('pending');
  const [message, setMessage] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const { data, error, refresh } = usePoll(
    async () => (await call<{ items: DeadLetter[] }>(session.token, 'GET', `/projections/${encodeURIComponent(projection)}/dead-letters${query({ status })}`)).body.items,
    3000,
    [projection, status],
  );

  const act = async (id: number, action: 'retry' | 'skip') => {
    setActionError(null);
    setMessage(null);
    try {
      const { body } = await call<{ message: string }>(session.token, 'POST', `/projections/${encodeURIComponent(projection)}/dead-letters/${id}/${action}`);
      setMessage(body.message);
      refresh();
      props.onChanged();
    } catch (e) {
      setActionError(e);
    }
  };

  return (
    <section class="panel" aria-labelledby="dead-letters-title">
      <header class="panel-header">
        <h3 id="dead-letters-title">Dead letters of {projection}</h3>
        <label>
          Status{' '}
          <select value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value as typeof status)}>
            <option value="pending">pending</option>
            <option value="retried">retried</option>
            <option value="skipped">skipped</option>
            <option value="">all</option>
          </select>
        </label>
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </header>
      <p class="hint">
        Events the read model’s handler kept failing on. Retry applies the event again from the checkpoint just before it; skip leaves it out of the read model for good
        (admins only, and only the event right after the checkpoint).
      </p>
      {message ? <Notice>{message}</Notice> : null}
      <ErrorBox error={actionError} />
      <ErrorBox error={error} />
      {data && data.length === 0 ? <p>No {status || ''} dead letters.</p> : null}
      {data && data.length > 0 ? (
        <table class="grid">
          <thead>
            <tr>
              <th>Id</th>
              <th>Event</th>
              <th>Position</th>
              <th>Error</th>
              <th>Attempts</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {data.map((d) => (
              <tr key={d.id}>
                <td>{d.id}</td>
                <td>
                  {d.eventType} <Id value={d.eventId} />
                  <div class="hint">{d.streamId}</div>
                </td>
                <td>
                  <Pos value={d.position} />
                </td>
                <td class="error-text">{d.error}</td>
                <td>{d.attempts}</td>
                <td>
                  {d.status}
                  {d.resolvedAt ? <div class="hint">{`${instant(d.resolvedAt)} by ${d.resolvedBy ?? '?'}`}</div> : null}
                </td>
                <td class="actions">
                  {d.status === 'pending' && may(session, 'operator', 'admin') ? (
                    <button type="button" onClick={() => void act(d.id, 'retry')}>
                      Retry
                    </button>
                  ) : null}
                  {d.status === 'pending' && may(session, 'admin') ? (
                    <ConfirmButton label="Skip" confirmLabel="Skip for good" danger onConfirm={() => void act(d.id, 'skip')} />
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
