import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Interaction } from '../../lib/recording';
import { workspaceRoot } from '../../lib/workspace-tree.test-helper';

/**
 * The element generator as an author uses it, offline: `nx g` in a copy of the workspace, then
 * the type check and the generated contract test there. The suite must pass at once, fail once a
 * mapping is broken, and record the very same exchanges against the generated simulator.
 */
const copy = mkdtempSync(path.join(tmpdir(), 'junction-generators-e2e-'));
const plugin = path.join(copy, 'plugins/pipedrive');
const recordingFile = path.join(plugin, 'test/__recordings__/conformance.json');
const skipped = new Set(['node_modules', '.git', 'dist', '.nx', '.junction', 'coverage']);

/** Runs a workspace binary (`nx`, `tsc`, `jest`) in the copy, with this Node and no shell. */
function run(bin: string, args: string[], env: Record<string, string> = {}): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [realpathSync(path.join(workspaceRoot, 'node_modules/.bin', bin)), ...args], {
    cwd: copy,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', FORCE_COLOR: '0', NOCK_BACK_MODE: '', ...env },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const contractTests = (env: Record<string, string> = {}) => run('jest', ['plugins/pipedrive', '--selectProjects', 'unit', '--ci'], env);
const exchanges = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as Interaction[]).map((i) => [i.scope, i.method, i.path, i.body === '' ? undefined : i.body, i.status]);

beforeAll(() => {
  cpSync(workspaceRoot, copy, {
    recursive: true,
    filter: (source) => {
      const relative = path.relative(workspaceRoot, source);
      return !relative.split(path.sep).some((part) => skipped.has(part)) && relative !== path.join('plugins', 'pipedrive');
    },
  });
  symlinkSync(path.join(workspaceRoot, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe('nx g @junction/generators:element pipedrive --hub=crm --auth=oauth2', () => {
  it('generates the plugin through the Nx CLI and registers it with the hub', () => {
    const generated = run('nx', ['g', '@junction/generators:element', 'pipedrive', '--hub=crm', '--auth=oauth2', '--no-interactive']);
    expect(generated.output).toContain('CREATE plugins/pipedrive/src/resources/contacts.ts');
    expect(generated.status).toBe(0);
    expect(readFileSync(path.join(copy, 'packages/hub/src/plugins.generated.ts'), 'utf8')).toContain("import { pipedrive } from '@junction/element-pipedrive';");
  }, 120_000);

  it('lints under the workspace rules, module boundaries included', () => {
    const linted = run('eslint', ['plugins/pipedrive', 'packages/hub/src/plugins.generated.ts']);
    expect(linted.output.trim()).toBe('');
    expect(linted.status).toBe(0);
  }, 120_000);

  it('type-checks', () => {
    writeFileSync(
      path.join(copy, 'tsconfig.pipedrive.json'),
      JSON.stringify({ extends: './tsconfig.base.json', compilerOptions: { noEmit: true }, include: ['plugins/pipedrive/**/*.ts', 'packages/hub/src/plugins.generated.ts'] }),
    );
    const checked = run('tsc', ['-p', 'tsconfig.pipedrive.json', '--listFiles']);
    expect(checked.output).toContain(path.join(plugin, 'test/simulator.ts'));
    const errors = checked.output.split('\n').filter((line) => line.includes('error TS'));
    // Errors of other projects, mid-change in this copy, are theirs to report; none may be the generated code's.
    expect(errors.filter((line) => !line.startsWith('packages/'))).toEqual([]);
    expect(errors.filter((line) => line.startsWith('packages/hub/src/plugins.generated.ts'))).toEqual([]);
  }, 180_000);

  it('passes its recorded conformance suite in lockdown', () => {
    const replayed = contractTests();
    expect(replayed.output).toMatch(/Tests:\s+26 passed, 26 total/);
    expect(replayed.status).toBe(0);
  }, 120_000);

  it('fails as soon as a mapping is broken', () => {
    const contacts = path.join(plugin, 'src/resources/contacts.ts');
    const source = readFileSync(contacts, 'utf8');
    writeFileSync(contacts, source.replace('{ first_name: body.firstName }', '{ firstname: body.firstName }'));
    try {
      const broken = contractTests();
      expect(broken.status).not.toBe(0);
      expect(broken.output).toContain('contacts: creates a record that reads back in the hub model');
      expect(broken.output).toContain('ERR_NOCK_NO_MATCH');
    } finally {
      writeFileSync(contacts, source);
    }
  }, 120_000);

  it('records the same exchanges against its simulator, and replays them', () => {
    const generated = exchanges(recordingFile);
    rmSync(recordingFile);
    const recorded = contractTests({ NOCK_BACK_MODE: 'record' });
    expect(recorded.status).toBe(0);
    expect(exchanges(recordingFile)).toEqual(generated);
    expect(contractTests().status).toBe(0);
  }, 180_000);

  it('takes a resource added with nx g @junction/generators:resource, fixture and recording included', () => {
    const added = run('nx', ['g', '@junction/generators:resource', 'pipedrive', 'persons', '--model=Contact', '--no-interactive']);
    expect(added.status).toBe(0);
    const replayed = contractTests();
    expect(replayed.output).toMatch(/Tests:\s+32 passed, 32 total/);
    expect(replayed.status).toBe(0);
  }, 120_000);
});
