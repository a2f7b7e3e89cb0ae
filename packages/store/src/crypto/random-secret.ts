import { randomBytes } from 'node:crypto';

/** 32 random bytes, base64url: user and organization secrets, instance tokens, session ids. */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}
