import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { formatAnchor, signAnchor } from '../../platform/event-store/anchor/anchor-file';
import { generateKeyPairFiles } from '../../platform/event-store/anchor/signing-keys';
import { Position } from '../../platform/event-store/position';
import { registerAuditCommands } from './audit.command';

/**
 * Bad input is refused before any database is opened, so these run the commands in-process;
 * the exit codes (1 for these, 2 for breaks) are covered by cli/audit.e2e.spec.ts.
 */
describe('commerce audit refuses input it cannot use, naming the problem and changing nothing', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'audit-cmd-'));
  const keys = generateKeyPairFiles(path.join(dir, 'keys'));
  const anchorFile = path.join(dir, 'anchor.json');
  const saved = { signing: process.env.AUDIT_SIGNING_KEY, public: process.env.AUDIT_PUBLIC_KEY };

  beforeAll(() => {
    delete process.env.AUDIT_SIGNING_KEY;
    delete process.env.AUDIT_PUBLIC_KEY;
    const anchor = signAnchor({ position: Position.encode(9n, 1n), streams: [], createdAt: new Date(), signingKey: generateKeyPairSync('ed25519').privateKey });
    writeFileSync(anchorFile, formatAnchor(anchor));
  });
  afterAll(() => {
    if (saved.signing !== undefined) process.env.AUDIT_SIGNING_KEY = saved.signing;
    if (saved.public !== undefined) process.env.AUDIT_PUBLIC_KEY = saved.public;
    rmSync(dir, { recursive: true, force: true });
  });

  function run(args: string[]): Promise<unknown> {
    const program = new Command('commerce').exitOverride().configureOutput({ writeErr: () => undefined });
    registerAuditCommands(program);
    return program.parseAsync(['node', 'commerce', 'audit', ...args]);
  }

  it.each([
    ['an anchor without a signing key', () => ['anchor', '--out', path.join(dir, 'never.json')], /Anchoring needs the audit signing key: pass --key <file> or set AUDIT_SIGNING_KEY/],
    ['an anchor into a directory that does not exist', () => ['anchor', '--out', path.join(dir, 'missing', 'a.json'), '--key', keys.signingKeyPath], /Cannot write .*a.json: the directory .*missing does not exist/],
    ['an anchor over an existing file', () => ['anchor', '--out', anchorFile, '--key', keys.signingKeyPath], /anchor.json already exists; anchors are evidence and are never overwritten/],
    ['an anchor signed with a public key', () => ['anchor', '--out', path.join(dir, 'never.json'), '--key', keys.publicKeyPath], /audit-public-key.pem is not a PEM private key/],
    ['a verification without a public key', () => ['verify', '--anchor', anchorFile], /needs the public key of the key that signed it \(key id [0-9a-f]{16}\): pass --public-key <file> or set AUDIT_PUBLIC_KEY/],
    ['a missing anchor file', () => ['verify', '--anchor', path.join(dir, 'nope.json'), '--public-key', keys.publicKeyPath], /Cannot read the anchor file .*nope.json: no such file/],
    ['a file that is not an anchor', () => ['verify', '--anchor', keys.publicKeyPath, '--public-key', keys.publicKeyPath], /audit-public-key.pem is not JSON/],
    ['a private key given as the public key', () => ['verify', '--anchor', anchorFile, '--public-key', keys.signingKeyPath], /holds a private key; give the public key/],
    ['--stream with --anchor', () => ['verify', '--stream', 'order-1', '--anchor', anchorFile], /--stream and --anchor cannot be combined: an anchor covers every stream/],
    ['--public-key without --anchor', () => ['verify', '--public-key', keys.publicKeyPath], /--public-key is only used with --anchor <file>/],
    ['a timeline of something that is not an order id', () => ['timeline', 'order-123'], /"order-123" is not an order id: order ids are UUIDs/],
    ['an anchor without --out', () => ['anchor'], /required option '--out <file>' not specified/],
  ])('%s', async (_name, args, message) => {
    await expect(run(args())).rejects.toThrow(message);
    expect(existsSync(path.join(dir, 'never.json'))).toBe(false);
  });
});
