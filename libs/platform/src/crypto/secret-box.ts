import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ENVELOPE_FORMAT = 'v1';
const IV_BYTES = 12;

export class SecretDecryptionError extends Error {
  constructor(reason: string) {
    super(`Cannot decrypt secret: ${reason}`);
    this.name = 'SecretDecryptionError';
  }
}

/**
 * AES-256-GCM encryption of secrets at rest, with a versioned envelope:
 *
 *   v1.<keyVersion>.<iv>.<authTag>.<ciphertext>   (base64url parts)
 *
 * The newest key version encrypts; every known version decrypts, so keys can be rotated by
 * adding a new version and re-sealing old envelopes at leisure (see needsRotation).
 * `context` is bound as additional authenticated data (e.g. `tenantId:smtp-password`), so a
 * ciphertext copied into another row or tenant fails to open.
 */
export class SecretBox {
  private readonly currentVersion: number;

  constructor(private readonly keys: ReadonlyMap<number, Buffer>) {
    if (keys.size === 0) throw new Error('SecretBox needs at least one key');
    for (const [version, key] of keys) {
      if (key.length !== 32) throw new Error(`Encryption key version ${version} must be 32 bytes`);
    }
    this.currentVersion = Math.max(...keys.keys());
  }

  seal(plaintext: string, context: string): string {
    const key = this.keys.get(this.currentVersion)!;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      ENVELOPE_FORMAT,
      String(this.currentVersion),
      iv.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      ciphertext.toString('base64url'),
    ].join('.');
  }

  open(envelope: string, context: string): string {
    const parts = envelope.split('.');
    if (parts.length !== 5 || parts[0] !== ENVELOPE_FORMAT)
      throw new SecretDecryptionError('unknown envelope format');
    const [, versionText, ivText, tagText, ciphertextText] = parts;
    const key = this.keys.get(Number(versionText));
    if (!key) throw new SecretDecryptionError(`key version ${versionText} is not configured`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivText, 'base64url'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tagText, 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(ciphertextText, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new SecretDecryptionError('authentication failed (wrong key or context, or tampered data)');
    }
  }

  /** True when the envelope was sealed with an older key version and should be re-sealed. */
  needsRotation(envelope: string): boolean {
    return Number(envelope.split('.')[1]) !== this.currentVersion;
  }
}
