import { scryptSync } from 'node:crypto';
import { hashPassword, verifyPassword } from './password-hasher';

describe('password hasher (scrypt)', () => {
  it('verifies the password it hashed and nothing else', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(stored).not.toContain('correct horse battery');
    await expect(verifyPassword('correct horse battery', stored)).resolves.toBe(true);
    await expect(verifyPassword('correct horse batterY', stored)).resolves.toBe(false);
    await expect(verifyPassword('', stored)).resolves.toBe(false);
  });

  it('salts every hash, so equal passwords give different hashes', async () => {
    const [first, second] = [await hashPassword('same password'), await hashPassword('same password')];
    expect(first).not.toBe(second);
    await expect(verifyPassword('same password', second)).resolves.toBe(true);
  });

  it('verifies with the parameters stored in the hash (older, cheaper hashes keep working)', async () => {
    const stored = await hashPassword('rotate me');
    const [, , , , salt] = stored.split('$');
    // A hash made with cheaper parameters, as an older release might have stored it.
    const key = scryptSync('rotate me', Buffer.from(salt, 'base64'), 64, { N: 1024, r: 8, p: 1 });
    const legacy = ['scrypt', 1024, 8, 1, salt, key.toString('base64')].join('$');
    await expect(verifyPassword('rotate me', legacy)).resolves.toBe(true);
    await expect(verifyPassword('rotate you', legacy)).resolves.toBe(false);
  });

  it('rejects stored values that are not scrypt hashes', async () => {
    await expect(verifyPassword('x', 'plain-text-password')).resolves.toBe(false);
    await expect(verifyPassword('x', 'bcrypt$2b$10$abc')).resolves.toBe(false);
  });
});
