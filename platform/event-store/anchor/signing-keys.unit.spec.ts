import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AuditKeyError, generateKeyPairFiles, KEY_FILE_NAMES, loadPublicKey, loadSigningKey, publicKeyId } from './signing-keys';

describe('audit signing keys', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'audit-keys-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates an Ed25519 pair whose signing key only its owner can read, and both halves load with the same key id', () => {
    const pair = generateKeyPairFiles(path.join(dir, 'keys'));
    expect(statSync(pair.signingKeyPath).mode & 0o777).toBe(0o600);
    const signing = loadSigningKey(pair.signingKeyPath);
    const pub = loadPublicKey(pair.publicKeyPath);
    expect(signing.warning).toBeUndefined();
    expect(signing.keyId).toBe(pair.keyId);
    expect(pub.keyId).toBe(pair.keyId);
    expect(pair.keyId).toMatch(/^[0-9a-f]{16}$/);
  });

  it('never overwrites an existing key, and writes nothing when it refuses', () => {
    const first = generateKeyPairFiles(dir);
    const before = readFileSync(first.signingKeyPath, 'utf8');
    expect(() => generateKeyPairFiles(dir)).toThrow(/audit-signing-key.pem already exists; keys are never overwritten/);
    expect(readFileSync(first.signingKeyPath, 'utf8')).toBe(before);

    rmSync(first.signingKeyPath);
    expect(() => generateKeyPairFiles(dir)).toThrow(/audit-public-key.pem already exists/);
    expect(() => statSync(first.signingKeyPath)).toThrow();
  });

  it('gives different pairs different key ids', () => {
    expect(generateKeyPairFiles(path.join(dir, 'a')).keyId).not.toBe(generateKeyPairFiles(path.join(dir, 'b')).keyId);
  });

  it('warns when the signing key file is readable by others', () => {
    const pair = generateKeyPairFiles(dir);
    chmodSync(pair.signingKeyPath, 0o644);
    expect(loadSigningKey(pair.signingKeyPath).warning).toMatch(/readable by other users \(mode 0644\); restrict it with chmod 600/);
  });

  describe('refuses key files it cannot use, naming the file', () => {
    it('a missing file', () => {
      expect(() => loadSigningKey(path.join(dir, 'nope.pem'))).toThrow(/Cannot read the audit signing key .*nope.pem: no such file/);
      expect(() => loadPublicKey(path.join(dir, 'nope.pem'))).toThrow(AuditKeyError);
    });

    it('a file that is not a key', () => {
      const file = path.join(dir, 'junk.pem');
      writeFileSync(file, 'hello');
      expect(() => loadSigningKey(file)).toThrow(/junk.pem is not a PEM private key/);
      expect(() => loadPublicKey(file)).toThrow(/junk.pem is not a PEM public key/);
    });

    it('a key of another algorithm', () => {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      writeFileSync(path.join(dir, 'ec.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
      writeFileSync(path.join(dir, 'ec.pub.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
      expect(() => loadSigningKey(path.join(dir, 'ec.pem'))).toThrow(/holds a ec key; the audit signing key must be Ed25519/);
      expect(() => loadPublicKey(path.join(dir, 'ec.pub.pem'))).toThrow(/the public key must be Ed25519/);
    });

    it('a private key given where the public key belongs', () => {
      const pair = generateKeyPairFiles(dir);
      expect(() => loadPublicKey(pair.signingKeyPath)).toThrow(/holds a private key; give the public key \(audit-public-key.pem\)/);
    });
  });

  it('derives the same id from a private key as from its public half', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    expect(publicKeyId(privateKey)).toBe(publicKeyId(publicKey));
    expect(KEY_FILE_NAMES.signing).toBe('audit-signing-key.pem');
  });
});
