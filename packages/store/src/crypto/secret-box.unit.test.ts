import { createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box';

const key = randomBytes(32);
const box = new SecretBox(key);

function flipCharAt(sealed: string, index: number): string {
  const at = index < 0 ? sealed.length + index : index;
  return sealed.slice(0, at) + (sealed[at] === 'A' ? 'B' : 'A') + sealed.slice(at + 1);
}

describe('SecretBox', () => {
  it('round-trips any string, with a fresh IV each time', () => {
    for (const plaintext of ['', 'hunter2', 'ünïcødé 🔑', 'x'.repeat(10_000)]) {
      expect(box.decrypt(box.encrypt(plaintext))).toBe(plaintext);
    }
    expect(box.encrypt('same')).not.toBe(box.encrypt('same'));
  });

  it('writes v1. + base64url(iv | tag | ciphertext) under an HKDF-derived AES-256-GCM key', () => {
    const sealed = box.encrypt('hello');
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    const bytes = Buffer.from(sealed.slice(3), 'base64url');
    expect(bytes).toHaveLength(12 + 16 + 5);
    const cipherKey = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'junction/secret-box/v1/aes-256-gcm', 32));
    const decipher = createDecipheriv('aes-256-gcm', cipherKey, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    expect(Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString()).toBe('hello');
  });

  it('refuses altered IV, tag or ciphertext, and a value sealed under another key, without echoing it', () => {
    const secret = 'correct horse battery staple';
    const sealed = box.encrypt(secret);
    for (const tampered of [flipCharAt(sealed, 5), flipCharAt(sealed, 25), flipCharAt(sealed, -3)]) {
      expect(() => box.decrypt(tampered)).toThrow(/tampered/);
    }
    const other = new SecretBox(randomBytes(32));
    expect(() => other.decrypt(sealed)).toThrow(/different master key/);
    try {
      other.decrypt(sealed);
    } catch (err) {
      expect((err as Error).message).not.toContain(secret);
      expect((err as Error).message).not.toContain(sealed.slice(3, 20));
    }
    expect(() => box.decrypt('plain text')).toThrow(/not a v1 sealed value/);
    expect(() => box.decrypt('v1.AAAA')).toThrow(/truncated/);
  });

  it('hashes for lookups deterministically, under a key of its own', () => {
    const hash = box.lookupHash('token');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(box.lookupHash('token')).toBe(hash);
    expect(box.lookupHash('token2')).not.toBe(hash);
    expect(new SecretBox(randomBytes(32)).lookupHash('token')).not.toBe(hash);
    expect(createHmac('sha256', key).update('token').digest('hex')).not.toBe(hash);
    const lookupKey = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'junction/secret-box/v1/lookup-hmac', 32));
    expect(createHmac('sha256', lookupKey).update('token').digest('hex')).toBe(hash);
  });

  it('wants a 32-byte master key', () => {
    expect(() => new SecretBox(randomBytes(31))).toThrow(/32 bytes/);
  });
});
