import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMasterKey } from './master-key';

const root = mkdtempSync(join(tmpdir(), 'junction-master-key-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(root, `case-${++n}`, 'data');

describe('loadMasterKey', () => {
  const key = randomBytes(32);

  it('takes JUNCTION_SECRET_KEY as 64 hex characters, base64 or base64url, before any key file', () => {
    const dataDir = freshDir();
    for (const envKey of [key.toString('hex'), key.toString('hex').toUpperCase(), key.toString('base64'), key.toString('base64url')]) {
      expect(loadMasterKey({ envKey, dataDir })).toEqual(key);
    }
    expect(existsSync(dataDir)).toBe(false);
  });

  it('rejects a malformed JUNCTION_SECRET_KEY by name and expected shape, without repeating it', () => {
    for (const envKey of ['not-a-key', key.toString('hex').slice(2), randomBytes(16).toString('base64'), `${key.toString('hex')}00`]) {
      let message = '';
      try {
        loadMasterKey({ envKey });
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toMatch(/JUNCTION_SECRET_KEY.*64 hex characters.*base64.*32 bytes/);
      expect(message).not.toContain(envKey);
    }
  });

  it('creates <dataDir>/master.key once (0600, directory 0700) and reads it back afterwards', () => {
    const dataDir = freshDir();
    const created = loadMasterKey({ dataDir });
    expect(created).toHaveLength(32);
    const file = join(dataDir, 'master.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(readFileSync(file, 'utf8')).toBe(`${created.toString('hex')}\n`);
    expect(loadMasterKey({ dataDir })).toEqual(created);
    expect(loadMasterKey({ envKey: '', dataDir })).toEqual(created);
  });

  it('uses an existing key file, hex or raw bytes, and names a broken one', () => {
    const dataDir = freshDir();
    mkdirSync(dataDir, { recursive: true });
    const file = join(dataDir, 'master.key');
    writeFileSync(file, key.toString('hex'));
    expect(loadMasterKey({ dataDir })).toEqual(key);
    writeFileSync(file, key);
    expect(loadMasterKey({ dataDir })).toEqual(key);
    writeFileSync(file, 'garbage');
    expect(() => loadMasterKey({ dataDir })).toThrow(file);
  });

  it('without a key or a directory, makes a random key for this process only', () => {
    const a = loadMasterKey({});
    expect(a).toHaveLength(32);
    expect(loadMasterKey({})).not.toEqual(a);
  });
});
