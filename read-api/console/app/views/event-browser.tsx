import { useEffect, useState } from 'preact/hooks';
import { call, query } from '../api';
import { Causes, ErrorBox, Id, JsonDetails, Pos, Who } from '../components';
import { instant } from '../format';
import { navigate } from '../router';
import { may, type Session } from '../session';

/** An event as GET /events answers it (the order timeline's entries have the same fields). */
export interface StoredEvent {
  position: string;
  eventId: string;
  type: string;
  schemaVersion: number;
  streamId: string;
  revision: number;
  occurredAt: string;
  recordedAt: string;
  actor: { subject: string; role: string };
  correlationId: string;
  causationId: string;
  data: unknown;
}

interface EventsPage {
  items: StoredEvent[];
  next: string | null;
  scannedTo: string;
}

const FILTERS = ['stream', 'type', 'fromPosition', 'limit'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

const ORDER_STREAM = /^order-([0-9a-f-]{36})$/;

/** The event store in global order, filtered by stream (or prefix*) and type, a page at a time. */
export function EventBrowserView({ session, params }: { session: Session; params: URLSearchParams }) {
  const applied: Filters = { stream: params.get('stream') ?? '', type: params.get('type') ?? '', fromPosition: params.get('fromPosition') ?? '', limit: params.get('limit') ?? '50' };
  const key = FILTERS.map((f) => applied[f]).join('|');
  const [form, setForm] = useState<Filters>(applied);
  const [page, setPage] = useState<EventsPage | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);

  // The app mounts a new view per set of filters (key), so the form starts from them.
  useEffect(() => {
    let current = true;
    setLoading(true);
    call<EventsPage>(session.token, 'GET', `/events${query(applied)}`)
      .then(({ body }) => current && setPage(body))
      .catch((e) => current && setError(e))
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [key, session.token]);

  if (!may(session, 'analyst', 'auditor', 'admin'))
    return <ErrorBox error={new Error(`The event browser is for analysts, auditors and admins; you are signed in as ${session.role}.`)} />;

  const field = (name: keyof Filters) => (e: Event) => setForm({ ...form, [name]: (e.target as HTMLInputElement).value });

  return (
    <section aria-labelledby="events-title">
      <h2 id="events-title">Event browser</h2>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          navigate('/events', { ...form, fromPosition: form.fromPosition.trim() });
        }}
      >
        <label>
          Stream <input name="stream" value={form.stream} placeholder="order-* or stock-TEA-1" onInput={field('stream')} />
        </label>
        <label>
          Types <input name="type" value={form.type} placeholder="OrderPlaced,StockReserved" onInput={field('type')} />
        </label>
        <label>
          From position <input name="fromPosition" value={form.fromPosition} size={34} placeholder="(the first event)" onInput={field('fromPosition')} />
        </label>
        <label>
          Per page <input name="limit" type="number" min={1} max={500} value={form.limit} onInput={field('limit')} />
        </label>
        <button type="submit">Search</button>
        <button type="button" onClick={() => navigate('/events')}>
          Clear
        </button>
      </form>
      <p class="hint">
        Stored events, decoded and upcast to their type’s current schema, oldest first. A stream filter is one stream id, or a prefix ending in <code>*</code>. Each request
        scans a bounded part of the history, so a page can be short while more pages follow.
      </p>
      <ErrorBox error={error} />
      {loading && !page ? <p>Loading…</p> : null}
      {page ? (
        <>
          <p class="hint" id="events-scanned">
            {page.items.length} events · scanned to <Pos value={page.scannedTo} />
          </p>
          <table class="grid" id="events">
            <thead>
              <tr>
                <th>Position</th>
                <th>Recorded (UTC)</th>
                <th>Type</th>
                <th>Stream</th>
                <th>Who</th>
                <th>Correlation / causation</th>
                <th>Data</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((e) => {
                const order = ORDER_STREAM.exec(e.streamId);
                return (
                  <tr key={e.eventId} data-event-type={e.type}>
                    <td>
                      <Pos value={e.position} />
                    </td>
                    <td>{instant(e.recordedAt)}</td>
                    <td>
                      {e.type} <span class="hint">v{e.schemaVersion}</span>
                      <div class="hint">
                        <Id value={e.eventId} />
                      </div>
                    </td>
                    <td>
                      {e.streamId} @{e.revision}
                      {order && may(session, 'auditor', 'admin') ? (
                        <div>
                          <a href={`#/orders/${order[1]}`}>timeline</a>
                        </div>
                      ) : null}
                    </td>
                    <td>
                      <Who actor={e.actor} />
                    </td>
                    <td>
                      <Causes event={e} />
                    </td>
                    <td>
                      <JsonDetails value={e.data} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div class="pager">
            {page.next ? (
              <button type="button" data-action="next-page" onClick={() => navigate('/events', { ...applied, fromPosition: page.next! })}>
                Next page
              </button>
            ) : (
              <span class="hint">This is the newest event.</span>
            )}
          </div>
        </>
      ) : null}
    </section>
  );
}
