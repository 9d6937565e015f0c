import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../hash-chain';
import { Position } from '../position';
import { publicKeyId } from './signing-keys';

export const ANCHOR_FORMAT = 'commerce-audit-anchor/1';

/** A stream's last event at or before the anchored position. */
export interface AnchoredStream {
  streamId: string;
  revision: number;
  hash: string;
}

/** What the signature covers. The stream list is covered through `digest`. */
export interface AnchorStatement {
  format: typeof ANCHOR_FORMAT;
  position: Position;
  streamCount: number;
  digest: string;
  createdAt: string;
  publicKeyId: string;
}

export interface AnchorFile extends AnchorStatement {
  /** Base64 Ed25519 signature over the canonical JSON of the statement. */
  signature: string;
  /** Sorted by streamId (JavaScript string order), each stream once. */
  streams: AnchoredStream[];
}

/** The anchor file cannot be read as an anchor at all (as opposed to one that fails verification). */
export class AnchorFormatError extends Error {
  readonly code = 'ANCHOR_FILE_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'AnchorFormatError';
  }
}

const byStreamId = (a: AnchoredStream, b: AnchoredStream) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0);

export function sortStreams(streams: AnchoredStream[]): AnchoredStream[] {
  return [...streams].sort(byStreamId);
}

/**
 * SHA-256 over one canonical JSON line `["<streamId>",<revision>,"<hash>"]\n` per stream, in
 * list order. A flat digest rather than a Merkle root: verification needs every stream's hash
 * anyway, so the file carries the whole list and nothing would use per-stream proofs.
 */
export function streamsDigest(streams: AnchoredStream[]): string {
  const hash = createHash('sha256');
  for (const s of streams) hash.update(canonicalJson([s.streamId, s.revision, s.hash]) + '\n', 'utf8');
  return hash.digest('hex');
}

function statementBytes(s: AnchorStatement): Buffer {
  const statement: AnchorStatement = { format: s.format, position: s.position, streamCount: s.streamCount, digest: s.digest, createdAt: s.createdAt, publicKeyId: s.publicKeyId };
  return Buffer.from(canonicalJson(statement), 'utf8');
}

export function signAnchor(input: { position: Position; streams: AnchoredStream[]; createdAt: Date; signingKey: KeyObject }): AnchorFile {
  const streams = sortStreams(input.streams);
  const statement: AnchorStatement = {
    format: ANCHOR_FORMAT,
    position: input.position,
    streamCount: streams.length,
    digest: streamsDigest(streams),
    createdAt: input.createdAt.toISOString(),
    publicKeyId: publicKeyId(input.signingKey),
  };
  const signature = sign(null, statementBytes(statement), input.signingKey).toString('base64');
  return { ...statement, signature, streams };
}

export type SignatureCheck =
  | { ok: true; keyId: string }
  | { ok: false; reason: 'wrong-key' | 'bad-signature' | 'list-edited'; detail: string };

/**
 * The anchor is authentic when it names the given key, its signature holds under that key, and
 * its stream list still hashes to the signed digest. Only then may its contents be trusted.
 */
export function checkAnchorSignature(anchor: AnchorFile, publicKey: KeyObject): SignatureCheck {
  const keyId = publicKeyId(publicKey);
  if (anchor.publicKeyId !== keyId) {
    return { ok: false, reason: 'wrong-key', detail: `the anchor names signing key ${anchor.publicKeyId}, but the public key given is ${keyId}: use the public key that belongs to that signing key` };
  }
  if (!verify(null, statementBytes(anchor), publicKey, Buffer.from(anchor.signature, 'base64'))) {
    return { ok: false, reason: 'bad-signature', detail: `the signature does not match the anchor's position, stream count, digest, creation time or key id: the file was edited or forged` };
  }
  const digest = streamsDigest(anchor.streams);
  if (digest !== anchor.digest || anchor.streams.length !== anchor.streamCount) {
    return { ok: false, reason: 'list-edited', detail: `the stream list (${anchor.streams.length} streams, digest ${digest}) is not the one that was signed (${anchor.streamCount} streams, digest ${anchor.digest}): the file was edited` };
  }
  return { ok: true, keyId };
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits');
const anchorSchema = z.object({
  format: z.literal(ANCHOR_FORMAT),
  position: z.string().refine(Position.isPosition, 'must be a 32-character position token'),
  streamCount: z.number().int().nonnegative(),
  digest: hex64,
  createdAt: z.iso.datetime(),
  publicKeyId: z.string().regex(/^[0-9a-f]{16}$/, 'must be 16 lowercase hex digits'),
  signature: z.base64(),
  streams: z.array(z.object({ streamId: z.string().min(1), revision: z.number().int().nonnegative(), hash: hex64 }).strict()),
}).strict();

/** Reads an anchor file's text; anything that is not a well-formed anchor is an AnchorFormatError naming the field. */
export function parseAnchor(text: string, source: string): AnchorFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AnchorFormatError(`${source} is not JSON (${(error as Error).message}); an anchor file is written by commerce audit anchor --out <file>`);
  }
  const parsed = anchorSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AnchorFormatError(`${source} is not a valid anchor: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  const anchor = parsed.data as AnchorFile;
  for (let i = 1; i < anchor.streams.length; i++) {
    if (anchor.streams[i - 1]!.streamId >= anchor.streams[i]!.streamId) {
      throw new AnchorFormatError(`${source} is not a valid anchor: streams.${i}: ${anchor.streams[i]!.streamId} is out of order or repeated (the list is sorted by streamId, each stream once)`);
    }
  }
  return anchor;
}

/** The file as written: the statement first, so a reader sees what was signed before the long list. */
export function formatAnchor(anchor: AnchorFile): string {
  const { streams, ...head } = anchor;
  const lines = streams.map((s) => `    ${JSON.stringify(s)}`);
  return `${JSON.stringify(head, null, 2).slice(0, -2)},\n  "streams": [${lines.length ? `\n${lines.join(',\n')}\n  ` : ''}]\n}\n`;
}
