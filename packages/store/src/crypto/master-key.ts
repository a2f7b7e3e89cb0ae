import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

const keyFileName = 'master.key';
const hexKey = /^[0-9a-fA-F]{64}$/;
// Standard or URL-safe alphabet, optional padding: 43 characters carry 32 bytes.
const base64Key = /^[A-Za-z0-9+/_-]{43}=?$/;

function parseKey(text: string): Buffer | undefined {
  const trimmed = text.trim();
  if (hexKey.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (base64Key.test(trimmed)) {
    const key = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    return key.length === 32 ? key : undefined;
  }
  return undefined;
}

function readKeyFile(path: string): Buffer {
  const content = readFileSync(path);
  const key = content.length === 32 ? content : parseKey(content.toString('utf8'));
  if (!key) throw new Error(`${path} does not hold a master key (expected 64 hex characters)`);
  return key;
}

/**
 * Creates the key file atomically: written in full under a temporary name, then hard-linked into
 * place. If another process won the race, its key is the one used.
 */
function createKeyFile(dataDir: string, path: string): Buffer {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  const temporary = join(dataDir, `.${keyFileName}.${process.pid}.${randomBytes(4).toString('hex')}`);
  writeFileSync(temporary, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temporary, path);
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readKeyFile(path);
    throw err;
  } finally {
    unlinkSync(temporary);
  }
}

/** Where the master key comes from. */
export interface MasterKeySource {
  /** The value of `JUNCTION_SECRET_KEY`: 64 hex characters or base64 of 32 bytes. Empty counts as unset. */
  envKey?: string;
  /** Junction's data directory, holding (or receiving) `master.key`. */
  dataDir?: string;
}

/**
 * Finds the 32-byte master key: `envKey` when set; else `<dataDir>/master.key`, created on first
 * use (random, 64 hex characters, mode 0600, directory 0700); else a random key that lives only as
 * long as the process (fine for an in-memory database, which does not outlive it either).
 *
 * @throws Error naming JUNCTION_SECRET_KEY and the expected shape when `envKey` is malformed
 *   (the value itself is not repeated).
 * @example
 * const key = loadMasterKey({ envKey: process.env.JUNCTION_SECRET_KEY, dataDir: '.junction' });
 */
export function loadMasterKey(opts: MasterKeySource): Buffer {
  if (opts.envKey !== undefined && opts.envKey !== '') {
    const key = parseKey(opts.envKey);
    if (!key) {
      throw new Error(
        'JUNCTION_SECRET_KEY must be 64 hex characters or the base64 encoding of 32 bytes (e.g. `openssl rand -hex 32`)',
      );
    }
    return key;
  }
  if (opts.dataDir !== undefined) {
    const path = join(opts.dataDir, keyFileName);
    return existsSync(path) ? readKeyFile(path) : createKeyFile(opts.dataDir, path);
  }
  return randomBytes(32);
}
