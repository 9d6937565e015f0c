import type { Command } from 'commander';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { formatAnchor, parseAnchor } from '../../platform/event-store/anchor/anchor-file';
import { createAnchor } from '../../platform/event-store/anchor/create-anchor';
import { generateKeyPairFiles, KEY_FILE_NAMES, loadPublicKey, loadSigningKey } from '../../platform/event-store/anchor/signing-keys';
import { verifyAnchor, type AnchorVerification } from '../../platform/event-store/anchor/verify-anchor';
import { walkChains, type OutOfOrder } from '../../platform/event-store/anchor/chain-walk';
import { verifyStream, type ChainBreak, type VerifyReport } from '../../platform/event-store/chain-verifier';
import { openRuntime, type Runtime } from '../../platform/runtime';
import { checkInvariants, processManagerCheckpoint, type InvariantReport } from '../audit/invariants';
import { ProgressBar } from '../progress';
import { registerAuditTimeline } from './audit-timeline.command';

const out = (text: string) => process.stdout.write(text);
const count = (n: number) => n.toLocaleString('en-US');
const describeBreak = (b: ChainBreak) => `BROKEN ${b.streamId} at revision ${b.revision} (event ${b.eventId}, position ${b.position}): ${b.reason}: ${b.detail}\n`;

/** Raw codec: hashes cover the payloads as stored, before any upcasting. */
async function withRawStore<T>(work: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await openRuntime({ role: 'audit', codec: 'raw' });
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

type ChainReport = VerifyReport & { outOfOrder: OutOfOrder[] };

/** Said once, wherever the chains were walked: the store's global order disagreed with a stream's own. */
function describeDisorder(outOfOrder: OutOfOrder[]): string {
  if (outOfOrder.length === 0) return '';
  const first = outOfOrder[0]!;
  return `NOTE: ${count(outOfOrder.length)} event(s) came in the store's global order before an earlier revision of their own stream (first: ${first.streamId}@${first.revision} at position ${first.position}); they were checked in stream order. This is an ordering fault of the event store, not tampering.\n`;
}

async function verifyChains(options: { stream?: string; json?: boolean }): Promise<void> {
  const report: ChainReport = await withRawStore(async ({ eventStore }) => {
    if (options.stream) {
      const one = await verifyStream(eventStore, options.stream);
      // "Intact" about a mistyped stream name would be a false assurance.
      if (one.events === 0) throw new Error(`Stream ${options.stream} has no events: check the stream id (e.g. order-<orderId>)`);
      return { ...one, outOfOrder: [] };
    }
    const bar = new ProgressBar('verifying', await eventStore.estimateEventCount?.());
    const walk = await walkChains(eventStore, { upTo: await eventStore.headPosition(), onProgress: (n) => bar.update(n) });
    bar.finish(walk.events);
    return { events: walk.events, streams: walk.heads.size, breaks: walk.breaks, position: walk.position, outOfOrder: walk.outOfOrder };
  });
  if (options.json) {
    out(JSON.stringify(report, null, 2) + '\n');
  } else {
    out(`checked ${count(report.events)} events in ${count(report.streams)} streams up to position ${report.position}\n`);
    if (report.breaks.length === 0) out('every hash chain is intact\n');
    report.breaks.forEach((b) => out(describeBreak(b)));
    out(describeDisorder(report.outOfOrder));
  }
  if (report.breaks.length > 0) process.exitCode = 2;
}

async function verifyAgainstAnchor(file: string, options: { publicKey?: string; json?: boolean }): Promise<void> {
  const anchor = parseAnchor(readText(file, 'anchor file'), file);
  const keyFile = options.publicKey ?? process.env.AUDIT_PUBLIC_KEY;
  if (!keyFile) throw new Error(`Verifying an anchor needs the public key of the key that signed it (key id ${anchor.publicKeyId}): pass --public-key <file> or set AUDIT_PUBLIC_KEY`);
  const publicKey = loadPublicKey(keyFile).key;
  const result: AnchorVerification = await withRawStore(async ({ eventStore }) => {
    // On an intact store exactly the anchored events lie at or before the position.
    const bar = new ProgressBar('verifying', anchor.streams.reduce((n, s) => n + s.revision + 1, 0));
    const verified = await verifyAnchor(eventStore, anchor, publicKey, { onProgress: (n) => bar.update(n) });
    if (verified.signature.ok) bar.finish(verified.events);
    return verified;
  });
  if (options.json) {
    out(JSON.stringify(result, null, 2) + '\n');
  } else {
    out(`anchor ${file}: position ${anchor.position}, ${count(anchor.streamCount)} streams, created ${anchor.createdAt}, signed by key ${anchor.publicKeyId}\n`);
    if (!result.signature.ok) {
      out(`SIGNATURE INVALID (${result.signature.reason}): ${result.signature.detail}; the store was not compared with this anchor\n`);
    } else {
      out(`signature valid (key ${result.signature.keyId})\n`);
      out(`checked ${count(result.events)} events in ${count(result.streams)} streams at or before position ${anchor.position}\n`);
      result.breaks.forEach((b) => out(describeBreak(b)));
      out(describeDisorder(result.outOfOrder));
      for (const p of result.problems) out(`CHANGED ${p.streamId}: ${p.kind}: ${p.detail}\n`);
      if (result.intact) out(`nothing at or before position ${anchor.position} has changed since the anchor was signed\n`);
    }
  }
  if (!result.intact) process.exitCode = 2;
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`Cannot read the ${what} ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message}`, { cause: error });
  }
}

function assertWritableNewFile(file: string): void {
  if (existsSync(file)) throw new Error(`${file} already exists; anchors are evidence and are never overwritten: choose a new file name`);
  const dir = path.dirname(path.resolve(file));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`Cannot write ${file}: the directory ${dir} does not exist`);
}

async function writeAnchor(file: string, options: { key?: string; allowBroken?: boolean }): Promise<void> {
  const keyFile = options.key ?? process.env.AUDIT_SIGNING_KEY;
  if (!keyFile) throw new Error(`Anchoring needs the audit signing key: pass --key <file> or set AUDIT_SIGNING_KEY (create a key pair with: commerce audit keygen --out <dir>)`);
  const signing = loadSigningKey(keyFile);
  if (signing.warning) process.stderr.write(`warning: ${signing.warning}\n`);
  assertWritableNewFile(file);
  const created = await withRawStore(async ({ eventStore }) => {
    const bar = new ProgressBar('anchoring', await eventStore.estimateEventCount?.());
    const result = await createAnchor(eventStore, { signingKey: signing.key, allowBroken: options.allowBroken, onProgress: (n) => bar.update(n) });
    bar.finish(result.events);
    return result;
  });
  created.breaks.forEach((b) => out(describeBreak(b)));
  out(describeDisorder(created.outOfOrder));
  if (!created.anchor) {
    out(`no anchor written: ${created.breaks.length} hash chain(s) are already broken, and signing them would vouch for tampered history. Investigate with commerce audit verify; --allow-broken signs the store as it is (verifying against that anchor keeps reporting these breaks).\n`);
    process.exitCode = 2;
    return;
  }
  writeFileSync(file, formatAnchor(created.anchor), { flag: 'wx', mode: 0o644 });
  const a = created.anchor;
  out(`anchor written to ${file}: position ${a.position}, ${count(a.streamCount)} streams (${count(created.events)} events), digest ${a.digest}, signed by key ${a.publicKeyId} at ${a.createdAt}\n`);
  out('keep it outside this system (with the public key); check it later with: commerce audit verify --anchor <file> --public-key <file>\n');
  if (created.breaks.length > 0) process.exitCode = 2;
}

async function auditInvariants(options: { json?: boolean; graceSeconds: number }): Promise<void> {
  const runtime = await openRuntime({ role: 'audit' });
  let report: InvariantReport;
  try {
    const processManagerAt = await processManagerCheckpoint(runtime.db.pool);
    const bar = new ProgressBar('checking', await runtime.eventStore.estimateEventCount?.());
    report = await checkInvariants(runtime.eventStore, { processManagerAt, graceMs: options.graceSeconds * 1000, onProgress: (n) => bar.update(n) });
    bar.finish(report.events);
  } finally {
    await runtime.close();
  }
  if (options.json) {
    out(JSON.stringify(report, null, 2) + '\n');
  } else {
    out(`checked ${count(report.events)} events in ${count(report.streams)} streams up to position ${report.position}\n`);
    out(`orders: ${count(report.orders)}${report.ordersInFlight ? `, of which ${count(report.ordersInFlight)} in flight (the process manager has not finished them yet; their cross-stream rules were not checked)` : ''}\n`);
    const width = Math.max(...report.results.map((r) => r.invariant.length));
    for (const r of report.results) {
      out(`${r.violations ? 'FAIL' : 'ok  '}  ${r.invariant.padEnd(width)}  ${r.violations ? `${count(r.violations)} violation(s) in ${count(r.checked)} checks` : `${count(r.checked)} checks`}: ${r.description}\n`);
      for (const v of r.examples) out(`        ${v.streamId}${v.revision === undefined ? '' : `@${v.revision}`}${v.position ? ` (position ${v.position})` : ''}: ${v.detail}\n`);
      if (r.violations > r.examples.length) out(`        … and ${count(r.violations - r.examples.length)} more\n`);
    }
    out(report.violations ? `${count(report.violations)} violation(s) of the domain invariants\n` : 'every invariant holds\n');
  }
  if (report.violations > 0) process.exitCode = 2;
}

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('tools for auditors: order timelines and tamper evidence');
  registerAuditTimeline(audit);

  audit
    .command('verify')
    .description('recompute the SHA-256 hash chain of every stream (or one) and report the first broken link per stream; with --anchor, also prove nothing at or before the anchored position changed. Exit code 2 when anything is broken')
    .option('--stream <id>', 'verify only this stream')
    .option('--anchor <file>', 'an anchor written by commerce audit anchor: check its signature, then every stream against it')
    .option('--public-key <file>', `the public key that checks the anchor's signature (${KEY_FILE_NAMES.public}; default: $AUDIT_PUBLIC_KEY)`)
    .option('--json', 'print the report as JSON')
    .action(async (options: { stream?: string; anchor?: string; publicKey?: string; json?: boolean }) => {
      if (options.anchor && options.stream) throw new Error('--stream and --anchor cannot be combined: an anchor covers every stream');
      if (options.publicKey && !options.anchor) throw new Error('--public-key is only used with --anchor <file>');
      if (options.anchor) await verifyAgainstAnchor(options.anchor, options);
      else await verifyChains(options);
    });

  audit
    .command('invariants')
    .description('check the domain invariants over the whole event log: stock never negative, each reservation ending once, order transitions, payment amounts, revision gaps, and, for every order the process manager has finished with, that its reservations and payment match its status. Exit code 2 when any is broken')
    .option('--grace <seconds>', 'how long past a deadline an order still counts as in the process manager\'s hands', '60')
    .option('--json', 'print the report as JSON')
    .action(async (options: { grace: string; json?: boolean }) => {
      const graceSeconds = Number(options.grace);
      if (!Number.isFinite(graceSeconds) || graceSeconds < 0) throw new Error(`--grace must be a number of seconds ≥ 0, got ${JSON.stringify(options.grace)}`);
      await auditInvariants({ json: options.json, graceSeconds });
    });

  audit
    .command('anchor')
    .description('write a signed (Ed25519) digest of every stream head at the current position, for auditors to keep outside the system; refuses when a chain is already broken (exit code 2)')
    .requiredOption('--out <file>', 'the anchor file to write (never overwritten)')
    .option('--key <file>', `the audit signing key (${KEY_FILE_NAMES.signing}; default: $AUDIT_SIGNING_KEY)`)
    .option('--allow-broken', 'sign even when chains are broken (the breaks stay reported by every later verification)')
    .action((options: { out: string; key?: string; allowBroken?: boolean }) => writeAnchor(options.out, options));

  audit
    .command('keygen')
    .description(`create an Ed25519 key pair for anchors: ${KEY_FILE_NAMES.signing} (mode 0600) and ${KEY_FILE_NAMES.public}; never overwrites`)
    .requiredOption('--out <dir>', 'directory for the two key files (created if missing)')
    .action((options: { out: string }) => {
      const pair = generateKeyPairFiles(options.out);
      out(`key ${pair.keyId}\nsigning key: ${pair.signingKeyPath} (mode 0600: keep it where anchors are made, e.g. AUDIT_SIGNING_KEY=${pair.signingKeyPath})\n`);
      out(`public key:  ${pair.publicKeyPath} (give it to auditors, who keep it outside this system with their anchors)\n`);
    });
}
