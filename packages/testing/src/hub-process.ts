import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface HubProcess {
  url: string;
  apiUrl: string;
  dataDir: string;
  child: ChildProcess;
  /** Everything the process printed, for assertions on logs (e.g. that no secret was logged). */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const workspaceRoot = path.resolve(__dirname, '../../..');

/**
 * Starts the real hub the way `npm start` does (`node dist/junction.cjs start`, built by the e2e
 * global setup) on a free port, and resolves once it prints its URL.
 */
export async function startHubProcess(env: Record<string, string | undefined> = {}, options: { dataDir?: string } = {}): Promise<HubProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'junction-e2e-'));
  const template = process.env.JUNCTION_E2E_PGDATA_TEMPLATE;
  const pgdata = path.join(dataDir, 'pgdata');
  // A fresh embedded database costs ~10 s to initialise; the e2e setup made one to copy.
  if (template && !existsSync(pgdata) && !env.DATABASE_URL) cpSync(template, pgdata, { recursive: true });
  const child = spawn(process.execPath, [path.join(workspaceRoot, 'dist/junction.cjs'), 'start'], {
    cwd: workspaceRoot,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', JUNCTION_DATA_DIR: dataDir, JUNCTION_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start in 30 s:\n${output}`)), 30_000);
    const onData = () => {
      const match = /Junction is listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`hub exited with ${code} before listening:\n${output}`));
    });
  });

  return {
    url,
    apiUrl: `${url}/elements/api-v2`,
    dataDir,
    child,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill(signal);
        await exited;
      }
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
