// End-to-end tests start the hub as `npm start` does, so the bundle must be fresh. Creating an
// embedded Postgres data directory takes ~10 s of CPU, so one is made here, migrated, and every
// hub process under test starts from a copy of it.
const { execFileSync, spawn } = require('node:child_process');
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '../..');

function prepareTemplate() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'junction-e2e-template-'));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'dist/junction.cjs'), 'start'], {
      cwd: root,
      env: { ...process.env, PORT: '0', JUNCTION_DATA_DIR: dataDir, JUNCTION_LOG_LEVEL: 'warn', DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('Junction is listening')) child.kill('SIGTERM');
    });
    child.once('exit', () => (output.includes('Junction is listening') ? resolve(path.join(dataDir, 'pgdata')) : reject(new Error(output))));
  });
}

module.exports = async () => {
  execFileSync(process.execPath, [path.join(__dirname, 'build.mjs')], { cwd: root, stdio: 'inherit' });
  process.env.JUNCTION_E2E_PGDATA_TEMPLATE = await prepareTemplate();
};
