import { useEffect, useRef, useState } from 'preact/hooks';
import { call } from '../api';
import { Badge, ConfirmButton, ErrorBox, Notice, Pos } from '../components';
import { count, duration, instant } from '../format';
import { usePoll } from '../poll';
import { may, type Session } from '../session';
import { DeadLetters } from './dead-letters';

type State = 'running' | 'paused' | 'stopped';

export interface ProjectionStatus {
  name: string;
  kind: 'postgres' | 'documents' | 'search';
  version: number;
  description: string | null;
  live: {
    generation: number;
    version: number;
    state: State;
    position: string;
    lagEvents: number | null;
    lagSeconds: number;
    lastEventAt: string | null;
    liveSince: string | null;
    error: string | null;
  } | null;
  building: {
    generation: number;
    version: number;
    state: State;
    position: string;
    eventsDone: number;
    eventsRemaining: number | null;
    percent: number | null;
  } | null;
  deadLetters: { pending: number };
}

interface OperatorResult {
  projection: string;
  action: string;
  message: string;
  reset?: { rebuild: number } | { generation: number; from: string; to: string };
}

/** Events per second of a rebuild, from the two most recent polls that saw it progress. */
interface Sample {
  generation: number;
  at: number;
  done: number;
  rate: number | null;
}

const POLL_MS = 1000;

export function ProjectionsView({ session }: { session: Session }) {
  const samples = useRef(new Map<string, Sample>());
  const [watching, setWatching] = useState<Record<string, { generation: number; startedAt: number }>>({});
  const [finished, setFinished] = useState<string[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [openDeadLetters, setOpenDeadLetters] = useState<string | null>(null);

  const { data, error, loading, refresh } = usePoll(async () => {
    const { body } = await call<{ projections: ProjectionStatus[] }>(session.token, 'GET', '/projections');
    const now = Date.now();
    for (const p of body.projections) {
      const b = p.building;
      if (!b) {
        samples.current.delete(p.name);
        continue;
      }
      const last = samples.current.get(p.name);
      const rate = last && last.generation === b.generation && now > last.at && b.eventsDone >= last.done ? ((b.eventsDone - last.done) * 1000) / (now - last.at) : null;
      samples.current.set(p.name, { generation: b.generation, at: now, done: b.eventsDone, rate: rate ?? last?.rate ?? null });
    }
    return body.projections;
  }, POLL_MS);

  // A watched rebuild has finished once its generation is the live one.
  useEffect(() => {
    if (!data) return;
    const done = Object.entries(watching).filter(([name, watch]) => (data.find((x) => x.name === name)?.live?.generation ?? -1) >= watch.generation);
    if (done.length === 0) return;
    const next = { ...watching };
    for (const [name] of done) delete next[name];
    setWatching(next);
    const now = Date.now();
    setFinished([...done.map(([name, watch]) => `Rebuild of ${name} finished: generation ${watch.generation} is live (took ${duration((now - watch.startedAt) / 1000)}).`), ...finished].slice(0, 5));
  }, [data]);

  const act = async (name: string, action: 'pause' | 'resume' | 'reset' | 'retry') => {
    setBusy(`${name}:${action}`);
    setActionError(null);
    setMessage(null);
    try {
      const path = action === 'retry' ? `/projections/${encodeURIComponent(name)}/dead-letters/retry` : `/projections/${encodeURIComponent(name)}/${action}`;
      const { body } = await call<OperatorResult>(session.token, 'POST', path, action === 'reset' ? {} : undefined);
      setMessage(body.message);
      if (body.reset && 'rebuild' in body.reset) setWatching({ ...watching, [name]: { generation: body.reset.rebuild, startedAt: Date.now() } });
      refresh();
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(null);
    }
  };

  const operator = may(session, 'operator', 'admin');
  const admin = may(session, 'admin');

  return (
    <section aria-labelledby="projections-title">
      <h2 id="projections-title">Projections</h2>
      <p class="hint">
        Every read model with its live generation, lag behind the newest event and pending dead letters; refreshed every second. Pause stops applying events (reads keep
        answering); a rebuild builds a new generation from the first event beside the live one and switches readers once it has caught up.
      </p>
      {finished.map((text) => (
        <Notice kind="success" key={text}>
          {text}
        </Notice>
      ))}
      {message ? <Notice>{message}</Notice> : null}
      <ErrorBox error={actionError} />
      <ErrorBox error={error} />
      {loading && !data ? <p>Loading…</p> : null}
      {data ? (
        <table class="grid" id="projections">
          <thead>
            <tr>
              <th>Read model</th>
              <th>Store</th>
              <th>Live generation</th>
              <th>State</th>
              <th>Position</th>
              <th>Lag</th>
              <th>Dead letters</th>
              <th>Rebuild</th>
              {operator ? <th>Actions</th> : null}
            </tr>
          </thead>
          <tbody>
            {data.map((p) => {
              const live = p.live;
              const sample = samples.current.get(p.name);
              const rate = sample?.rate ?? null;
              const b = p.building;
              const eta = b && rate && rate > 0 && b.eventsRemaining !== null ? b.eventsRemaining / rate : null;
              const pending = busy?.startsWith(`${p.name}:`);
              return (
                <tr key={p.name} data-projection={p.name}>
                  <td>
                    <strong>{p.name}</strong>
                    {p.description ? <div class="hint">{p.description}</div> : null}
                  </td>
                  <td>{p.kind}</td>
                  <td>{live ? `#${live.generation} (v${live.version})` : 'not built yet'}</td>
                  <td data-field="state">
                    {live ? <Badge value={live.state} /> : '–'}
                    {live?.error ? <div class="hint error-text">{live.error}</div> : null}
                  </td>
                  <td>
                    <Pos value={live?.position} />
                    {live?.lastEventAt ? <div class="hint">last event {instant(live.lastEventAt)}</div> : null}
                  </td>
                  <td data-field="lag">{live ? `${count(live.lagEvents)} events · ${duration(live.lagSeconds)}` : '–'}</td>
                  <td>
                    {p.deadLetters.pending > 0 ? (
                      <button type="button" class="link warn" onClick={() => setOpenDeadLetters(openDeadLetters === p.name ? null : p.name)}>
                        {p.deadLetters.pending} pending
                      </button>
                    ) : (
                      <button type="button" class="link" onClick={() => setOpenDeadLetters(openDeadLetters === p.name ? null : p.name)}>
                        none
                      </button>
                    )}
                  </td>
                  <td data-field="rebuild">
                    {b ? (
                      <div class="rebuild">
                        <progress max={100} value={b.percent ?? undefined} aria-label={`rebuild of ${p.name}`} />
                        <div class="hint">
                          #{b.generation} {b.percent === null ? '' : `${b.percent.toFixed(1)}% · `}
                          {count(b.eventsDone)} events{rate !== null ? ` · ${count(Math.round(rate))} ev/s` : ''}
                          {eta !== null ? ` · ETA ${duration(eta)}` : ''}
                          {b.state !== 'running' ? ` · ${b.state}` : ''}
                        </div>
                      </div>
                    ) : watching[p.name] ? (
                      'starting…'
                    ) : (
                      '–'
                    )}
                  </td>
                  {operator ? (
                    <td class="actions">
                      {live?.state === 'running' ? (
                        <button type="button" data-action="pause" disabled={pending} onClick={() => void act(p.name, 'pause')}>
                          Pause
                        </button>
                      ) : live?.state === 'paused' ? (
                        <button type="button" data-action="resume" disabled={pending} onClick={() => void act(p.name, 'resume')}>
                          Resume
                        </button>
                      ) : live?.state === 'stopped' ? (
                        <button type="button" data-action="retry" disabled={pending} onClick={() => void act(p.name, 'retry')}>
                          Retry dead letters
                        </button>
                      ) : null}
                      {admin ? (
                        <ConfirmButton
                          name="rebuild"
                          label="Rebuild"
                          confirmLabel={`Rebuild ${p.name} from the first event`}
                          disabled={pending || b !== null || watching[p.name] !== undefined}
                          onConfirm={() => void act(p.name, 'reset')}
                        />
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {openDeadLetters ? <DeadLetters session={session} projection={openDeadLetters} onChanged={refresh} onClose={() => setOpenDeadLetters(null)} /> : null}
    </section>
  );
}
