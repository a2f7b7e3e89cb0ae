import { readJson, type Tree } from '@nx/devkit';
import { Account, Contact, Lead, Opportunity } from '@junction/core';
import { filesUnder, REGISTRY, workspaceTree } from '../../lib/workspace-tree.test-helper';
import type { Interaction } from '../../lib/recording';
import { elementGenerator } from './generator';

const read = (tree: Tree, file: string) => tree.read(file, 'utf-8') ?? '';

describe('element generator', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = workspaceTree();
  });

  it('scaffolds a crm element with one resource file per hub resource, a simulator and a recording', async () => {
    await elementGenerator(tree, { key: 'pipedrive', hub: 'crm', auth: 'oauth2' });
    expect(filesUnder(tree, 'plugins/pipedrive')).toEqual([
      'CHANGELOG.md',
      'README.md',
      'package.json',
      'project.json',
      'src/element.ts',
      'src/index.ts',
      'src/pipedrive-api.ts',
      'src/resources/accounts.ts',
      'src/resources/contacts.ts',
      'src/resources/leads.ts',
      'src/resources/opportunities.ts',
      'test/__recordings__/conformance.json',
      'test/conformance.contract.test.ts',
      'test/simulator-seed.json',
      'test/simulator.ts',
    ]);
  });

  it('writes the package, the Nx project with its test and record targets, and the element definition', async () => {
    await elementGenerator(tree, { key: 'pipedrive', hub: 'crm', auth: 'oauth2', name: 'Pipedrive CRM', baseUrl: 'https://api.pipedrive.com/v1/' });
    expect(readJson(tree, 'plugins/pipedrive/package.json')).toMatchObject({
      name: '@junction/element-pipedrive',
      version: '0.1.0',
      main: 'src/index.ts',
      peerDependencies: { '@junction/core': '^0.1.0' },
    });
    const project = readJson(tree, 'plugins/pipedrive/project.json');
    expect(project).toMatchObject({ name: 'pipedrive', tags: ['type:element'], sourceRoot: 'plugins/pipedrive/src' });
    expect(project.targets.test.command).toBe('jest plugins/pipedrive --selectProjects unit');
    expect(project.targets.record.command).toContain('jest plugins/pipedrive/test --selectProjects unit');
    expect(project.targets.record.options.env).toEqual({ NOCK_BACK_MODE: 'record' });

    const element = read(tree, 'plugins/pipedrive/src/element.ts');
    expect(element).toContain("import { CONTRACT_VERSION, defineElement, oauth2 } from '@junction/core';");
    expect(element).toContain("name: 'Pipedrive CRM',");
    expect(element).toContain("baseUrl: 'https://api.pipedrive.com/v1',");
    expect(element).toContain("authorizeUrl: 'https://api.pipedrive.com/oauth/authorize', tokenUrl: 'https://api.pipedrive.com/oauth/token'");
    expect(element).toContain('resources: [accounts, contacts, leads, opportunities],');
    expect(read(tree, 'plugins/pipedrive/src/index.ts')).toBe("export { pipedrive } from './element';\n");
  });

  it('maps every field of the core model both ways in each resource', async () => {
    await elementGenerator(tree, { key: 'pipedrive', hub: 'crm', auth: 'oauth2' });
    const models = { accounts: Account, contacts: Contact, leads: Lead, opportunities: Opportunity };
    for (const [name, model] of Object.entries(models)) {
      const source = read(tree, `plugins/pipedrive/src/resources/${name}.ts`);
      for (const field of Object.keys(model.shape)) expect(source).toMatch(new RegExp(`^    ${field}: (String\\(record\\.id\\)|record\\.\\w+ \\?\\? undefined),$`, 'm'));
      for (const field of Object.keys(model.shape).filter((f) => !['id', 'createdDate', 'modifiedDate'].includes(f))) {
        expect(source).toContain(`...(body.${field} !== undefined ? {`);
      }
    }
    const contacts = read(tree, 'plugins/pipedrive/src/resources/contacts.ts');
    expect(contacts).toContain('firstName: record.first_name ?? undefined,');
    expect(contacts).toContain('...(body.accountId !== undefined ? { account_id: body.accountId } : {}),');
    expect(contacts).toContain('export interface PipedriveContact {');
    expect(contacts).toContain('list: (ctx, request) => listPage<PipedriveContact>(ctx, collection, request),');
  });

  it('writes a conformance test whose fixtures fill every writable field and point children at their parents', async () => {
    await elementGenerator(tree, { key: 'pipedrive', hub: 'crm', auth: 'oauth2' });
    const test = read(tree, 'plugins/pipedrive/test/conformance.contract.test.ts');
    expect(test).toContain("import { describeConformance, recordingMode } from '@junction/testing/recordings';");
    expect(test).toContain("config: { [OAUTH_KEYS.accessToken]: accessToken ?? 'test-access-token' },");
    expect(test).toContain("create: (ids) => ({ firstName: 'Ada', lastName: 'Lovelace', name: 'Ada Lovelace', title: 'Engineer', email: 'ada@conformance.example', phone: '+1 555 0100', accountId: ids.accounts }),");
    expect(test).toContain('update: { probability: 60 },');
    expect(test).toMatch(/originAliases: \{ \[`http:\/\/127\.0\.0\.1:\$\{SIMULATOR_PORT\}`\]: 'https:\/\/api\.pipedrive\.com:443' \}/);
  });

  it('records exactly the exchanges the conformance suite makes, in its order', async () => {
    await elementGenerator(tree, { key: 'pipedrive', hub: 'crm', auth: 'oauth2' });
    const recording = readJson<Interaction[]>(tree, 'plugins/pipedrive/test/__recordings__/conformance.json');
    const calls = recording.map((i) => `${i.method} ${i.path} ${i.status}`);
    expect(calls.slice(0, 6)).toEqual([
      'POST /v1/accounts 201',
      'GET /v1/accounts/2 200',
      'PATCH /v1/accounts/2 200',
      'GET /v1/accounts?offset=0&limit=1 200',
      'GET /v1/accounts?offset=1&limit=1 200',
      'GET /v1/accounts/999999999 404',
    ]);
    expect(calls.slice(-8)).toEqual([
      'DELETE /v1/opportunities/2 204',
      'GET /v1/opportunities/2 404',
      'DELETE /v1/leads/2 204',
      'GET /v1/leads/2 404',
      'DELETE /v1/contacts/2 204',
      'GET /v1/contacts/2 404',
      'DELETE /v1/accounts/2 204',
      'GET /v1/accounts/2 404',
    ]);
    expect(recording).toHaveLength(4 * 6 + 4 * 2);
    expect(new Set(recording.map((i) => i.scope))).toEqual(new Set(['https://api.pipedrive.com:443']));
    const contactCreate = recording.find((i) => i.method === 'POST' && i.path === '/v1/contacts')!;
    expect(contactCreate.body).toEqual({ first_name: 'Ada', last_name: 'Lovelace', name: 'Ada Lovelace', title: 'Engineer', email: 'ada@conformance.example', phone: '+1 555 0100', account_id: '2' });
    expect(contactCreate.response).toMatchObject({ id: 2, account_id: '2' });
    expect(recording.find((i) => i.path === '/v1/contacts/999999999')!.response).toEqual({ error: 'No record with id 999999999 in contacts' });
    expect(readJson(tree, 'plugins/pipedrive/test/simulator-seed.json')).toEqual({
      accounts: [{ id: 1, name: 'Existing account' }],
      contacts: [{ id: 1, first_name: 'Existing contact' }],
      leads: [{ id: 1, first_name: 'Existing lead' }],
      opportunities: [{ id: 1, name: 'Existing opportunity' }],
    });
  });

  it('declares the chosen auth kind and records with matching credentials', async () => {
    await elementGenerator(tree, { key: 'acme-basic', hub: 'helpdesk', auth: 'basic' });
    expect(read(tree, 'plugins/acme-basic/src/element.ts')).toContain("auth: basic({ usernameLabel: 'Acme Basic username', passwordLabel: 'Acme Basic password' }),");
    const basicTest = read(tree, 'plugins/acme-basic/test/conformance.contract.test.ts');
    expect(basicTest).toContain('const username = process.env.ACME_BASIC_USERNAME;');
    expect(basicTest).toContain('startAcmeBasicSimulator');

    await elementGenerator(tree, { key: 'acme-key', hub: 'crm', auth: 'apiKey' });
    expect(read(tree, 'plugins/acme-key/src/element.ts')).toContain("auth: apiKey({ configKey: 'api.key', in: 'header', name: 'Authorization', prefix: 'Bearer ', label: 'Acme Key API key' }),");
    expect(read(tree, 'plugins/acme-key/test/conformance.contract.test.ts')).toContain("config: { 'api.key': apiKey ?? 'test-api-key' },");
  });

  it('scaffolds helpdesk elements with incidents', async () => {
    await elementGenerator(tree, { key: 'deskly', hub: 'helpdesk', auth: 'basic' });
    expect(filesUnder(tree, 'plugins/deskly/src')).toEqual(['deskly-api.ts', 'element.ts', 'index.ts', 'resources/incidents.ts']);
    const incidents = read(tree, 'plugins/deskly/src/resources/incidents.ts');
    expect(incidents).toContain("import { defineResource, Incident, IncidentInput } from '@junction/core';");
    expect(incidents).toContain('number: record.number ?? undefined,');
    expect(incidents).not.toContain('body.number');
  });

  it('scaffolds documents elements without binary operations and says so', async () => {
    await elementGenerator(tree, { key: 'docbox', hub: 'documents', auth: 'oauth2' });
    expect(filesUnder(tree, 'plugins/docbox')).not.toContain('test/simulator.ts');
    expect(filesUnder(tree, 'plugins/docbox/src')).toEqual(['docbox-api.ts', 'documents.ts', 'element.ts', 'index.ts']);
    const element = read(tree, 'plugins/docbox/src/element.ts');
    expect(element).toContain('resources: [],');
    expect(element).toContain('  documents,\n});');
    expect(read(tree, 'plugins/docbox/src/documents.ts')).toContain("throw notYet('Uploading files');");
    expect(read(tree, 'plugins/docbox/README.md')).toContain('**Uploading and downloading file content is not scaffolded**');
    expect(readJson(tree, 'plugins/docbox/test/__recordings__/conformance.json')).toEqual([]);
  });

  it('registers the element with the hub and adds its path alias, sorted', async () => {
    await elementGenerator(tree, { key: 'pipedrive', hub: 'crm', auth: 'oauth2' });
    expect(read(tree, 'packages/hub/src/plugins.generated.ts')).toBe(
      REGISTRY.replace("import { sfdc }", "import { pipedrive } from '@junction/element-pipedrive';\nimport { sfdc }").replace(
        '[closeio, sfdc]',
        '[closeio, pipedrive, sfdc]',
      ),
    );
    expect(readJson(tree, 'tsconfig.base.json').compilerOptions.paths['@junction/element-pipedrive']).toEqual(['plugins/pipedrive/src/index.ts']);
  });

  describe('refuses', () => {
    it.each([
      ['Pipedrive', "element key 'Pipedrive' is invalid"],
      ['pipe_drive', "element key 'pipe_drive' is invalid"],
      ['9lives', "element key '9lives' is invalid"],
      ['pipe--drive', "element key 'pipe--drive' is invalid"],
    ])('the invalid key %s', async (key, message) => {
      await expect(elementGenerator(tree, { key, hub: 'crm', auth: 'basic' })).rejects.toThrow(message);
      expect(tree.exists(`plugins/${key}`)).toBe(false);
    });

    it('a key whose plugin folder exists', async () => {
      await expect(elementGenerator(tree, { key: 'closeio', hub: 'crm', auth: 'basic' })).rejects.toThrow('plugins/closeio already exists');
    });

    it('a key the hub already registers', async () => {
      await expect(elementGenerator(tree, { key: 'sfdc', hub: 'crm', auth: 'oauth2' })).rejects.toThrow("the element 'sfdc' is already registered in the hub");
      expect(tree.exists('plugins/sfdc')).toBe(false);
    });

    it('a key another plugin declares, or an Nx project already has', async () => {
      tree.write('plugins/servicenow/src/element.ts', "export const servicenowOAuth = defineElement({ key: 'servicenowoauth', name: 'ServiceNow' });");
      await expect(elementGenerator(tree, { key: 'servicenowoauth', hub: 'helpdesk', auth: 'oauth2' })).rejects.toThrow(
        "plugins/servicenow already declares an element with key 'servicenowoauth'",
      );
      await expect(elementGenerator(tree, { key: 'core', hub: 'crm', auth: 'basic' })).rejects.toThrow("an Nx project named 'core' already exists");
    });

    it('an unknown hub or auth kind, a malformed base URL or a quoted name', async () => {
      await expect(elementGenerator(tree, { key: 'acme', hub: 'erp' as never, auth: 'basic' })).rejects.toThrow("--hub 'erp' is invalid: use one of crm, documents, helpdesk");
      await expect(elementGenerator(tree, { key: 'acme', hub: 'crm', auth: 'jwt' as never })).rejects.toThrow("--auth 'jwt' is invalid");
      await expect(elementGenerator(tree, { key: 'acme', hub: 'crm', auth: 'basic', baseUrl: 'api.acme.com' })).rejects.toThrow("--baseUrl 'api.acme.com' is invalid");
      await expect(elementGenerator(tree, { key: 'acme', hub: 'crm', auth: 'basic', name: "Acme's" })).rejects.toThrow('--name');
      expect(tree.exists('plugins/acme')).toBe(false);
    });
  });
});
