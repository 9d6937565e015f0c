import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import type { Position } from '../../platform/event-store/position';
import { summarize, type Summary } from '../lib/stats';
import { sleep } from '../lib/timed';
import { paced } from './paced';
import { RawHttpClient } from '../lib/raw-http-client';
import { Track } from './positions';

export interface RywOptions {
  dbUrl: string;
  writeUrl: string;
  readUrl: string;
  rate: number;
  seconds: number;
  warmupSeconds: number;
  /** How long to wait after the last send for the measured orders to become visible. */
  settleMs: number;
  next: () => { body: string; authorization: string };
  /** Authorization for the GET check (an admin token). */
  reader: string;
  /** Every n-th order is also watched through GET /orders/{id}. */
  getEvery: number;
}

export interface RywRun {
  rate: number;
  /** 202s per second over the measured window. */
  achievedRate: number;
  placed: number;
  failed: number;
  /** POST /orders answered (202) → the registry shows order_summary's live generation at or past the append's position. */
  visible: Summary;
  /** POST /orders answered → the append readable by subscribers (every older transaction ended). */
  readable: Summary;
  /** Orders the registry showed applied before their POST answer arrived (counted as 0 ms). */
  early: number;
  notVisible: number;
  /** The same wait as a client sees it: POST answered → GET /orders/{id} with X-Min-Position (the append's position) answers 200, for the sampled orders. */
  get: Summary;
  /** Sampled GETs that did not answer 200 (a 503 when the wait bound passed, a 404, a transport error). */
  getFailed: number;
  getSamples: number;
  post: Summary;
  late: number;
  /** Registry reads per second made by the watcher. */
  pollsPerSecond: number;
}

interface Sent {
  at: number;
  measured: boolean;
  /** Also watched through GET /orders/{id}. */
  sampled: boolean;
  answer?: { status: number; at: number; id?: string; position?: Position };
  getVisibleAt?: number;
  getStatus?: number;
}

/**
 * Watches, about every 2 ms, two positions: order_summary's live position in the registry
 * (projections.generations, updated in each batch's transaction; X-Min-Position waits on it), and
 * the head of the log a subscriber can read (the store's rule: events of transactions older than
 * every running one), which splits the wait into "readable" and "applied". Keeps each new position
 * with the time it was first seen.
 */
function watchRegistry(url: string) {
  const applied = new Track();
  const readable = new Track();
  let polls = 0;
  let stopped = false;
  const client = new Client({ connectionString: url, application_name: 'bench-ryw-watch' });
  const done = (async () => {
    await client.connect();
    const query = {
      name: 'ryw_watch',
      text: `select (select position from projections.generations where projection = 'order_summary' and phase = 'live') as applied,
        (select lpad(to_hex(tx_id), 16, '0') || lpad(to_hex(seq), 16, '0') from eventstore.events
         where tx_id < pg_snapshot_xmin(pg_current_snapshot())::text::bigint order by tx_id desc, seq desc limit 1) as readable`,
    };
    while (!stopped) {
      const { rows } = await client.query<{ applied: Position | null; readable: Position | null }>(query);
      const at = performance.now();
      polls++;
      applied.see(rows[0]?.applied ?? undefined, at);
      readable.see(rows[0]?.readable ?? undefined, at);
      await sleep(2);
    }
    await client.end();
  })();
  return { done, applied, readable, polls: () => polls, stop: () => void (stopped = true) };
}

/**
 * Read-your-writes as a client does it: one GET /orders/{id} carrying X-Min-Position, which the
 * read API holds until order_summary has passed the position (or answers 503 at its bound).
 */
function getAtPosition(client: RawHttpClient, id: string, position: Position, authorization: string): Promise<{ status: number; at: number }> {
  return client.send({ method: 'GET', path: `/orders/${id}`, authorization, headers: { 'X-Min-Position': position } });
}

/**
 * Read-your-writes at a fixed command rate: POST /orders in an open loop; for each accepted order,
 * the time from its 202 arriving here to order_summary having applied its position. Orders sent
 * during the warm-up are not measured.
 */
export async function readYourWrites(options: RywOptions): Promise<RywRun> {
  const watch = watchRegistry(options.dbUrl);
  const writer = new RawHttpClient(new URL(options.writeUrl), undefined, 256);
  const reader = new RawHttpClient(new URL(options.readUrl), undefined, 256);
  const sends: Sent[] = [];
  const measureAfter = options.warmupSeconds * options.rate;
  const total = Math.round(options.rate * (options.warmupSeconds + options.seconds));
  const watching: Promise<void>[] = [];
  const watchStart = performance.now();
  const sender = paced(options.rate, (i, now) => {
    const { body, authorization } = options.next();
    const sent: Sent = { at: now, measured: i >= measureAfter, sampled: i >= measureAfter && i % options.getEvery === 0 };
    sends.push(sent);
    void writer.send({ method: 'POST', path: '/orders', authorization, body, keepBody: true }).then((answer) => {
      let parsed: { id?: string; position?: Position } = {};
      try {
        parsed = JSON.parse(answer.body ?? '') as typeof parsed;
      } catch {
        // an error page: counted as failed by its status
      }
      sent.answer = { status: answer.status, at: answer.at, id: parsed.id, position: parsed.position };
      if (sent.sampled && answer.status === 202 && parsed.id && parsed.position) {
        watching.push(
          getAtPosition(reader, parsed.id, parsed.position, options.reader).then((got) => {
            sent.getStatus = got.status;
            if (got.status === 200) sent.getVisibleAt = got.at;
          }),
        );
      }
    });
  }, total);
  const { late } = await sender.done;
  const lastSend = performance.now();
  const measured = sends.filter((s) => s.measured);
  const settled = (s: Sent) => s.answer !== undefined && (s.answer.status !== 202 || !s.answer.position || (watch.applied.latest() ?? '') >= s.answer.position);
  while (performance.now() - lastSend < options.settleMs && !measured.every(settled)) await sleep(20);
  await Promise.all(watching);
  watch.stop();
  await watch.done;
  writer.close();
  reader.close();
  const pollsPerSecond = watch.polls() / ((performance.now() - watchStart) / 1000);

  const placed = measured.filter((s) => s.answer?.status === 202 && s.answer.position);
  let early = 0;
  const since = (track: Track, s: Sent) => {
    const at = track.reached(s.answer!.position!);
    return at === undefined ? Infinity : Math.max(0, at - s.answer!.at);
  };
  const visible = placed.map((s) => {
    const at = watch.applied.reached(s.answer!.position!);
    if (at !== undefined && at < s.answer!.at) early++;
    return since(watch.applied, s);
  });
  const sampled = placed.filter((s) => s.sampled && s.answer!.id);
  const windowSeconds = measured.length ? (Math.max(...measured.map((s) => s.at)) - Math.min(...measured.map((s) => s.at))) / 1000 : 0;
  return {
    rate: options.rate,
    achievedRate: windowSeconds > 0 ? placed.length / windowSeconds : NaN,
    placed: placed.length,
    failed: measured.length - placed.length,
    visible: summarize(visible),
    readable: summarize(placed.map((s) => since(watch.readable, s))),
    early,
    notVisible: visible.filter((v) => !Number.isFinite(v)).length,
    get: summarize(sampled.map((s) => (s.getVisibleAt === undefined ? Infinity : Math.max(0, s.getVisibleAt - s.answer!.at)))),
    getSamples: sampled.length,
    getFailed: sampled.filter((s) => s.getStatus !== 200).length,
    post: summarize(placed.map((s) => s.answer!.at - s.at)),
    late,
    pollsPerSecond,
  };
}
