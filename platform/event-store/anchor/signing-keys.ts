import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A key file that is missing, unreadable, of the wrong kind, or would overwrite an existing key. */
export class AuditKeyError extends Error {
  readonly code = 'AUDIT_KEY_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'AuditKeyError';
  }
}

export const KEY_FILE_NAMES = { signing: 'audit-signing-key.pem', public: 'audit-public-key.pem' } as const;

/**
 * Short fingerprint of a public key: the first 16 hex digits of SHA-256 over its DER (SPKI)
 * encoding. Anchors name the key that signed them with it, so an auditor holding several public
 * keys (one per rotation) knows which to use; the signature check itself never relies on it.
 */
export function publicKeyId(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

export interface GeneratedKeyPair {
  keyId: string;
  signingKeyPath: string;
  publicKeyPath: string;
}

/**
 * Creates an Ed25519 key pair in `dir`: the signing key readable by its owner only (0600), the
 * public key for auditors. Refuses, before writing anything, when either file already exists:
 * overwriting a signing key would orphan every anchor it signed.
 */
export function generateKeyPairFiles(dir: string): GeneratedKeyPair {
  const signingKeyPath = path.resolve(dir, KEY_FILE_NAMES.signing);
  const publicKeyPath = path.resolve(dir, KEY_FILE_NAMES.public);
  for (const file of [signingKeyPath, publicKeyPath]) {
    if (existsSync(file)) throw new AuditKeyError(`${file} already exists; keys are never overwritten. Choose an empty directory for a new key pair (key rotation keeps the old public key for old anchors).`);
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  // 'wx' fails if the file appeared meanwhile, so a racing keygen cannot replace a key either.
  writeFileSync(signingKeyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { flag: 'wx', mode: 0o600 });
  chmodSync(signingKeyPath, 0o600);
  writeFileSync(publicKeyPath, publicKey.export({ type: 'spki', format: 'pem' }), { flag: 'wx', mode: 0o644 });
  return { keyId: publicKeyId(publicKey), signingKeyPath, publicKeyPath };
}

function readKeyFile(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AuditKeyError(`Cannot read the ${what} ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message}`);
  }
}

function assertEd25519(key: KeyObject, file: string, what: string): void {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new AuditKeyError(`${file} holds a ${key.asymmetricKeyType ?? 'non-asymmetric'} key; the ${what} must be Ed25519 (create one with: commerce audit keygen --out <dir>)`);
  }
}

export interface LoadedSigningKey {
  key: KeyObject;
  keyId: string;
  /** Set when the file is readable by other users: signing still works, but the key should be protected. */
  warning?: string;
}

export function loadSigningKey(file: string): LoadedSigningKey {
  const pem = readKeyFile(file, 'audit signing key');
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new AuditKeyError(`${file} is not a PEM private key; the audit signing key is the ${KEY_FILE_NAMES.signing} written by commerce audit keygen`);
  }
  assertEd25519(key, file, 'audit signing key');
  const mode = statSync(file).mode & 0o777;
  const warning = mode & 0o077 ? `the audit signing key ${file} is readable by other users (mode ${mode.toString(8).padStart(4, '0')}); restrict it with chmod 600` : undefined;
  return { key, keyId: publicKeyId(key), ...(warning ? { warning } : {}) };
}

export function loadPublicKey(file: string): { key: KeyObject; keyId: string } {
  const pem = readKeyFile(file, 'public key');
  // createPublicKey would quietly derive the public half of a private key; an auditor should never hold one.
  if (/PRIVATE KEY/.test(pem)) throw new AuditKeyError(`${file} holds a private key; give the public key (${KEY_FILE_NAMES.public}) instead, and keep the signing key off auditors' machines`);
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new AuditKeyError(`${file} is not a PEM public key; use the ${KEY_FILE_NAMES.public} written by commerce audit keygen`);
  }
  assertEd25519(key, file, 'public key');
  return { key, keyId: publicKeyId(key) };
}
