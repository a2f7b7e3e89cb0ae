import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const prefix = 'v1.';
const ivLength = 12;
const tagLength = 16;

// Distinct HKDF info strings give independent keys: knowing lookup hashes reveals nothing about the cipher key.
function subKey(masterKey: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), info, 32));
}

/**
 * Seals secrets at rest under a 32-byte master key.
 *
 * - `encrypt`: AES-256-GCM with a random 12-byte IV per value, giving `v1.` + base64url(iv | tag | ciphertext).
 * - `lookupHash`: HMAC-SHA256 (hex) under a separate HKDF sub-key, so a secret presented by a client can be
 *   found by an indexed equality lookup without storing it in plaintext.
 *
 * @example
 * const box = new SecretBox(loadMasterKey({ envKey: process.env.JUNCTION_SECRET_KEY, dataDir }));
 * const sealed = box.encrypt('s3cret'); // 'v1.…'
 * box.decrypt(sealed); // 's3cret'
 */
export class SecretBox {
  readonly #cipherKey: Buffer;
  readonly #lookupKey: Buffer;

  /** @param masterKey exactly 32 bytes, see {@link loadMasterKey} */
  constructor(masterKey: Buffer) {
    if (!Buffer.isBuffer(masterKey) || masterKey.length !== 32) {
      throw new Error('SecretBox master key must be exactly 32 bytes');
    }
    this.#cipherKey = subKey(masterKey, 'junction/secret-box/v1/aes-256-gcm');
    this.#lookupKey = subKey(masterKey, 'junction/secret-box/v1/lookup-hmac');
  }

  /** Seals `plaintext`; two calls with the same input give different outputs. */
  encrypt(plaintext: string): string {
    const iv = randomBytes(ivLength);
    const cipher = createCipheriv('aes-256-gcm', this.#cipherKey, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return prefix + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url');
  }

  /**
   * Opens a value sealed by {@link SecretBox.encrypt} under the same master key.
   * @throws Error when the value is malformed, was altered, or was sealed under another key.
   *   The message never contains the value.
   */
  decrypt(sealed: string): string {
    if (typeof sealed !== 'string' || !sealed.startsWith(prefix)) {
      throw new Error('SecretBox cannot decrypt: not a v1 sealed value');
    }
    const bytes = Buffer.from(sealed.slice(prefix.length), 'base64url');
    if (bytes.length < ivLength + tagLength) throw new Error('SecretBox cannot decrypt: sealed value is truncated');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#cipherKey, bytes.subarray(0, ivLength));
      decipher.setAuthTag(bytes.subarray(ivLength, ivLength + tagLength));
      return Buffer.concat([decipher.update(bytes.subarray(ivLength + tagLength)), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('SecretBox cannot decrypt: value was tampered with or sealed under a different master key');
    }
  }

  /** Deterministic keyed hash (hex) of `value`, for unique indexes and lookups by secret. */
  lookupHash(value: string): string {
    return createHmac('sha256', this.#lookupKey).update(value, 'utf8').digest('hex');
  }
}
