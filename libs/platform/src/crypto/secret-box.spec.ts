import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadOrCreateKeyFile, parseKeyRing } from './key-ring';
import { SecretBox, SecretDecryptionError } from './secret-box';

const key = () => randomBytes(32);

describe('SecretBox', () => {
  const box = new SecretBox(new Map([[1, key()]]));

  it('opens what it sealed, and the envelope does not contain the plaintext', () => {
    const envelope = box.seal('mailchimp-api-key-123', 'tenant-a:mailchimp');

    expect(envelope).toMatch(/^v1\.1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(envelope).not.toContain('mailchimp-api-key-123');
    expect(box.open(envelope, 'tenant-a:mailchimp')).toBe('mailchimp-api-key-123');
  });

  it('seals the same secret differently each time (random IV)', () => {
    expect(box.seal('same', 'ctx')).not.toBe(box.seal('same', 'ctx'));
  });

  it('refuses to open with another context (a ciphertext copied to another tenant or row)', () => {
    const envelope = box.seal('secret', 'tenant-a:smtp-password');

    expect(() => box.open(envelope, 'tenant-b:smtp-password')).toThrow(SecretDecryptionError);
  });

  it('refuses a tampered ciphertext, auth tag or IV', () => {
    const envelope = box.seal('a secret worth keeping', 'ctx');
    const parts = envelope.split('.');
    const flipFirstByte = (part: string) => {
      const bytes = Buffer.from(part, 'base64url');
      bytes[0] ^= 0x01;
      return bytes.toString('base64url');
    };
    for (const index of [2, 3, 4]) {
      const tampered = [...parts];
      tampered[index] = flipFirstByte(tampered[index]);
      expect(() => box.open(tampered.join('.'), 'ctx')).toThrow(SecretDecryptionError);
    }
  });

  it('refuses an unknown envelope format or key version', () => {
    const envelope = box.seal('x', 'ctx');

    expect(() => box.open('plain text', 'ctx')).toThrow('unknown envelope format');
    expect(() => box.open(envelope.replace(/^v1\.1\./, 'v1.9.'), 'ctx')).toThrow(
      'key version 9 is not configured',
    );
  });

  it('refuses to open with another key of the same version', () => {
    const envelope = box.seal('x', 'ctx');
    expect(() => new SecretBox(new Map([[1, key()]])).open(envelope, 'ctx')).toThrow(SecretDecryptionError);
  });

  it('rotates: old envelopes still open after adding version 2, new seals use version 2', () => {
    const v1 = key();
    const before = new SecretBox(new Map([[1, v1]]));
    const old = before.seal('token', 'ctx');
    expect(before.needsRotation(old)).toBe(false);

    const after = new SecretBox(
      new Map([
        [1, v1],
        [2, key()],
      ]),
    );
    const fresh = after.seal('token', 'ctx');

    expect(after.open(old, 'ctx')).toBe('token');
    expect(fresh.split('.')[1]).toBe('2');
    expect(after.open(fresh, 'ctx')).toBe('token');
    expect(after.needsRotation(old)).toBe(true);
    expect(after.needsRotation(fresh)).toBe(false);
  });

  it('refuses an empty key ring or a key that is not 32 bytes', () => {
    expect(() => new SecretBox(new Map())).toThrow('at least one key');
    expect(() => new SecretBox(new Map([[1, randomBytes(16)]]))).toThrow('must be 32 bytes');
  });
});

describe('parseKeyRing', () => {
  const k1 = key().toString('base64');
  const k2 = key().toString('base64');

  it('parses version:base64 pairs', () => {
    const ring = parseKeyRing(`1:${k1},2:${k2}`);

    expect([...ring.keys()]).toEqual([1, 2]);
    expect(ring.get(2)!.toString('base64')).toBe(k2);
  });

  it('rejects a key that does not decode to 32 bytes, naming the version', () => {
    expect(() => parseKeyRing(`1:${k1},2:${randomBytes(16).toString('base64')}`)).toThrow(
      'ENCRYPTION_KEYS version 2: key must decode to 32 bytes',
    );
  });

  it('rejects malformed entries and duplicate versions without echoing the key', () => {
    expect(() => parseKeyRing(k1)).toThrow('ENCRYPTION_KEYS: entry 1 is not a version:base64-key pair');
    expect(() => parseKeyRing(`1:${k1},x:${k2}`)).toThrow('entry 2 is not a version:base64-key pair');
    expect(() => parseKeyRing(`1:${k1},1:${k2}`)).toThrow('key version 1 is listed twice');
    expect(() => parseKeyRing(k1)).not.toThrow(k1);
  });
});

describe('loadOrCreateKeyFile', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-keys-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates a 0600 key file once and returns the same key on the next call', () => {
    const file = path.join(dir, 'nested', 'secret.key');

    const first = loadOrCreateKeyFile(file);
    const content = fs.readFileSync(file, 'utf8');
    const second = loadOrCreateKeyFile(file);

    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect([...first.keys()]).toEqual([1]);
    expect(first.get(1)).toHaveLength(32);
    expect(second.get(1)!.equals(first.get(1)!)).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe(content);
  });

  it('never overwrites an existing key file, and tightens its permissions', () => {
    const file = path.join(dir, 'secret.key');
    const existing = `1:${key().toString('base64')},2:${key().toString('base64')}\n`;
    fs.writeFileSync(file, existing, { mode: 0o644 });
    fs.chmodSync(file, 0o644);

    const ring = loadOrCreateKeyFile(file);

    expect(fs.readFileSync(file, 'utf8')).toBe(existing);
    expect([...ring.keys()]).toEqual([1, 2]);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('names the file when its content is not a key ring', () => {
    const file = path.join(dir, 'secret.key');
    fs.writeFileSync(file, 'garbage\n');

    expect(() => loadOrCreateKeyFile(file)).toThrow(
      `key file ${file}: entry 1 is not a version:base64-key pair`,
    );
    expect(fs.readFileSync(file, 'utf8')).toBe('garbage\n');
  });

  it('gives a SecretBox that opens across restarts (same file, new box)', () => {
    const file = path.join(dir, 'secret.key');
    const envelope = new SecretBox(loadOrCreateKeyFile(file)).seal('oauth-token', 'ctx');

    expect(new SecretBox(loadOrCreateKeyFile(file)).open(envelope, 'ctx')).toBe('oauth-token');
  });
});
