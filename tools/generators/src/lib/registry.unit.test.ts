import { readJson } from '@nx/devkit';
import { addPathAlias, REGISTRY_PATH, registerElement, registeredElements } from './registry';
import { REGISTRY, workspaceTree } from './workspace-tree.test-helper';

describe('hub registry edits', () => {
  it('adds the import and the entry in order, and a second run changes nothing', () => {
    const tree = workspaceTree();
    registerElement(tree, 'attio', 'attio');
    registerElement(tree, 'zoho-crm', 'zohoCrm');
    const once = tree.read(REGISTRY_PATH, 'utf-8');
    expect(once).toBe(`// The installed elements, in catalog order. \`nx g @junction/generators:element\` adds entries here.
import type { ElementDefinition } from '@junction/core';
import { attio } from '@junction/element-attio';
import { closeio } from '@junction/element-closeio';
import { sfdc } from '@junction/element-sfdc';
import { zohoCrm } from '@junction/element-zoho-crm';

export const installedElements: ElementDefinition[] = [attio, closeio, sfdc, zohoCrm];
`);
    registerElement(tree, 'attio', 'attio');
    expect(tree.read(REGISTRY_PATH, 'utf-8')).toBe(once);
    expect(registeredElements(tree)).toEqual([
      { key: 'attio', identifier: 'attio' },
      { key: 'closeio', identifier: 'closeio' },
      { key: 'sfdc', identifier: 'sfdc' },
      { key: 'zoho-crm', identifier: 'zohoCrm' },
    ]);
  });

  it('completes a half-registered element and leaves other statements alone', () => {
    const tree = workspaceTree();
    tree.write(REGISTRY_PATH, REGISTRY.replace('[closeio, sfdc]', '[closeio]').replace('\nexport const', '\n// Keep Close first.\nexport const'));
    registerElement(tree, 'sfdc', 'sfdc');
    expect(tree.read(REGISTRY_PATH, 'utf-8')).toContain('// Keep Close first.\nexport const installedElements: ElementDefinition[] = [closeio, sfdc];');
    expect(tree.read(REGISTRY_PATH, 'utf-8')?.match(/element-sfdc/g)).toHaveLength(1);
  });

  it('starts from an empty list, and breaks a long list over lines', () => {
    const tree = workspaceTree();
    tree.write(REGISTRY_PATH, "import type { ElementDefinition } from '@junction/core';\n\nexport const installedElements: ElementDefinition[] = [];\n");
    registerElement(tree, 'attio', 'attio');
    expect(tree.read(REGISTRY_PATH, 'utf-8')).toBe(
      "import type { ElementDefinition } from '@junction/core';\nimport { attio } from '@junction/element-attio';\n\nexport const installedElements: ElementDefinition[] = [attio];\n",
    );
    for (const key of ['freshdesk', 'hubspot', 'intercom', 'jira-service-management', 'monday', 'pipedrive', 'salesforce-marketing']) registerElement(tree, key, key.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()));
    expect(tree.read(REGISTRY_PATH, 'utf-8')).toContain('export const installedElements: ElementDefinition[] = [\n  attio,\n  freshdesk,\n  hubspot,\n');
  });

  it('says what is missing when the registry has no list', () => {
    const tree = workspaceTree();
    tree.write(REGISTRY_PATH, 'export {};\n');
    expect(() => registerElement(tree, 'attio', 'attio')).toThrow('packages/hub/src/plugins.generated.ts has no `export const installedElements');
  });

  it('adds the path alias once and leaves an existing one untouched', () => {
    const tree = workspaceTree();
    addPathAlias(tree, 'attio');
    expect(readJson(tree, 'tsconfig.base.json').compilerOptions.paths['@junction/element-attio']).toEqual(['plugins/attio/src/index.ts']);
    const once = tree.read('tsconfig.base.json', 'utf-8');
    addPathAlias(tree, 'attio');
    expect(tree.read('tsconfig.base.json', 'utf-8')).toBe(once);
    tree.write('tsconfig.base.json', JSON.stringify({ compilerOptions: { paths: { '@junction/element-attio': ['elsewhere/index.ts'] } } }));
    addPathAlias(tree, 'attio');
    expect(readJson(tree, 'tsconfig.base.json').compilerOptions.paths['@junction/element-attio']).toEqual(['elsewhere/index.ts']);
  });
});
