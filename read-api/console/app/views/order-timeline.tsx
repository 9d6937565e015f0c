import { useEffect, useState } from 'preact/hooks';
import { call } from '../api';
import { Badge, Causes, ErrorBox, Id, JsonDetails, Pos, Who } from '../components';
import { instant, money } from '../format';
import { navigate } from '../router';
import { may, type Session } from '../session';
import type { StoredEvent } from './event-browser';

/** A stored event as the timeline holds it: its one-line summary instead of the schema version. */
interface TimelineEntry extends Omit<StoredEvent, 'schemaVersion'> {
  summary: string;
}

interface Timeline {
  orderId: string;
  customerId: string | null;
  status: string | null;
  entries: TimelineEntry[];
}

interface OrderSummary {
  id: string;
  customerId: string;
  status: string;
  total: { amountMinor: number; currency: string };
  lines: { sku: string; quantity: number }[];
  placedAt: string;
  revision: number;
}

/** An order's cross-stream timeline (order, stock, payment, fulfilment), for auditors. */
export function OrderTimelineView({ session, orderId }: { session: Session; orderId: string | null }) {
  const [input, setInput] = useState(orderId ?? '');
  const [timeline, setTimeline] = useState<Timeline | null>(null);
  const [summary, setSummary] = useState<OrderSummary | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);

  // The app mounts a new view per order id (key), so the state starts empty for each.
  useEffect(() => {
    if (!orderId) return;
    let current = true;
    setLoading(true);
    const id = encodeURIComponent(orderId);
    Promise.all([call<Timeline>(session.token, 'GET', `/orders/${id}/timeline`), call<OrderSummary>(session.token, 'GET', `/orders/${id}`).catch(() => null)])
      .then(([t, s]) => {
        if (!current) return;
        setTimeline(t.body);
        setSummary(s?.body ?? null);
      })
      .catch((e) => current && setError(e))
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [orderId, session.token]);

  if (!may(session, 'auditor', 'admin'))
    return <ErrorBox error={new Error(`Order timelines are for auditors and admins; you are signed in as ${session.role}.`)} />;

  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">Order timeline</h2>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          navigate(`/orders/${input.trim()}`);
        }}
      >
        <label>
          Order id <input name="orderId" value={input} size={40} placeholder="6d1e3f0a-…" onInput={(e) => setInput((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit">Show timeline</button>
      </form>
      <p class="hint">Every event that touched the order, across its order, stock, payment and fulfilment streams, in the order they were recorded.</p>
      <ErrorBox error={error} />
      {loading ? <p>Loading…</p> : null}
      {timeline ? (
        <>
          <dl class="summary" id="order-summary">
            <dt>Order</dt>
            <dd>
              <code>{timeline.orderId}</code>
            </dd>
            <dt>Status</dt>
            <dd>{timeline.status ? <Badge value={timeline.status} /> : '–'}</dd>
            <dt>Customer</dt>
            <dd>{timeline.customerId ? <code>{timeline.customerId}</code> : '–'}</dd>
            {summary ? (
              <>
                <dt>Total</dt>
                <dd>{money(summary.total)}</dd>
                <dt>Lines</dt>
                <dd>{summary.lines.map((l) => `${l.quantity} × ${l.sku}`).join(', ')}</dd>
              </>
            ) : null}
            <dt>Events</dt>
            <dd>{timeline.entries.length}</dd>
          </dl>
          <table class="grid" id="timeline">
            <thead>
              <tr>
                <th>Recorded (UTC)</th>
                <th>Event</th>
                <th>What happened</th>
                <th>Stream</th>
                <th>Who</th>
                <th>Correlation / causation</th>
              </tr>
            </thead>
            <tbody>
              {timeline.entries.map((e) => (
                <tr key={e.eventId} data-event-type={e.type}>
                  <td>
                    {instant(e.recordedAt)}
                    <div class="hint">
                      <Pos value={e.position} />
                    </div>
                  </td>
                  <td>
                    <strong>{e.type}</strong>
                    <div class="hint">
                      <Id value={e.eventId} />
                    </div>
                  </td>
                  <td>
                    {e.summary}
                    <JsonDetails value={e.data} />
                  </td>
                  <td>
                    <a href={`#/events?stream=${encodeURIComponent(e.streamId)}`}>{e.streamId}</a> @{e.revision}
                  </td>
                  <td>
                    <Who actor={e.actor} />
                  </td>
                  <td>
                    <Causes event={e} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
