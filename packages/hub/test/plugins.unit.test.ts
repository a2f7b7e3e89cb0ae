import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadElements } from '../src/plugins';
import { ElementRegistry } from '../src/registry';
import { installedElements } from '../src/plugins.generated';

function installPackage(root: string, name: string, source: string) {
  const dir = path.join(root, 'node_modules', ...name.split('/'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', main: 'index.js' }));
  writeFileSync(path.join(dir, 'index.js'), source);
}

const elementSource = (contract: number) => `
const { z } = { z: null };
exports.pipedrive = {
  key: 'pipedrive', name: 'Pipedrive', hub: 'crm', version: '1.2.3', description: 'Pipedrive CRM', contract: ${contract},
  auth: { kind: 'apiKey', configKey: 'api.key', in: 'query', name: 'api_token', configuration: [{ key: 'api.key', name: 'API key', required: true, secret: true }] },
  http: { baseUrl: 'https://api.pipedrive.com/v1', providerMessage: () => undefined },
  healthCheck: async () => undefined,
  resources: [{ name: 'contacts', vendorName: 'persons', list: async () => ({ records: [] }) }],
};`;

describe('out-of-tree plugins (JUNCTION_PLUGINS)', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'junction-plugins-'));
    writeFileSync(path.join(root, 'package.json'), '{}');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('serves only the installed elements when nothing is listed', () => {
    expect(loadElements(undefined, root)).toBe(installedElements);
  });

  it('loads an element from an installed package and registers it', () => {
    installPackage(root, '@acme/junction-element-pipedrive', elementSource(1));
    const elements = loadElements('@acme/junction-element-pipedrive', root);
    expect(elements.map((e) => e.key)).toEqual([...installedElements.map((e) => e.key), 'pipedrive']);
    const ids = new Map(elements.map((e, i) => [e.key, i + 1]));
    expect(new ElementRegistry(elements, ids).get('pipedrive').definition.version).toBe('1.2.3');
  });

  it('refuses a plugin built for another contract, naming it', () => {
    installPackage(root, '@acme/junction-element-pipedrive', elementSource(2));
    const elements = loadElements('@acme/junction-element-pipedrive', root);
    const ids = new Map(elements.map((e, i) => [e.key, i + 1]));
    expect(() => new ElementRegistry(elements, ids)).toThrow("element 'pipedrive' targets element contract 2, but this hub supports contract 1");
  });

  it('names a package that cannot be loaded or exports no element', () => {
    installPackage(root, '@acme/not-an-element', 'exports.answer = 42;');
    expect(() => loadElements('@acme/missing', root)).toThrow(/cannot load '@acme\/missing'/);
    expect(() => loadElements('@acme/not-an-element', root)).toThrow(/must export exactly one element definition, found 0/);
  });
});
