import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../src';
import { describeStoreBehaviour } from './behaviour/describe-store-behaviour';
import { describeDataDirectoryRestart } from './data-directory-restart';
import { describeUnreachablePostgres } from './unreachable-postgres';
import { createTemporaryDatabase } from './support/temporary-database';

/*
 * Every configured engine runs the same behaviour suite. The engines are chosen here, at load:
 * both PGlite variants always; PostgreSQL when TEST_DATABASE_URL names a server (.ci/run sets it),
 * in a database created for this run and dropped after it.
 * Everything is opened now, at once: each PGlite runs initdb (seconds of CPU) in its own worker
 * thread, so the two start in parallel instead of one after the other.
 */
const root = mkdtempSync(join(tmpdir(), 'junction-store-'));
const dataDir = join(root, 'data');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Settles once, and never counts as an unhandled rejection before a test awaits it. */
function started<T>(promise: Promise<T>): () => Promise<T> {
  promise.catch(() => undefined);
  return () => promise;
}

const inMemory = started(openDatabase({}));
const onDisk = started(openDatabase({ dataDir }));
describeStoreBehaviour('PGlite in memory', inMemory);
describeStoreBehaviour('PGlite in a data directory', onDisk);
describeDataDirectoryRestart(dataDir);

describeUnreachablePostgres();
const serverUrl = process.env.TEST_DATABASE_URL;
if (serverUrl) {
  const temporary = started(createTemporaryDatabase(serverUrl));
  afterAll(async () => (await temporary()).drop());
  // A new pool on each call: the suite's concurrent-migration test then really races two clients.
  const open = async (): Promise<Database> => openDatabase({ databaseUrl: (await temporary()).url });
  describeStoreBehaviour('PostgreSQL', open);
}
