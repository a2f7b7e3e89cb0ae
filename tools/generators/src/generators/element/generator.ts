import path from 'node:path';
import { formatFiles, generateFiles, getProjects, logger, writeJson, type GeneratorCallback, type Tree } from '@nx/devkit';
import { fixtureSource } from '../../lib/element-source';
import { AUTH_KINDS, HUB_KEYS, hubResources, type AuthKind, type HubKey } from '../../lib/hub-resources';
import { readHubModel } from '../../lib/models';
import { assertKebab, camelCase, constantCase, pascalCase, titleCase } from '../../lib/names';
import { conformanceRecording, vendorOrigin } from '../../lib/recording';
import { addPathAlias, registerElement, registeredElements } from '../../lib/registry';
import { renderResource, sortedImports } from '../../lib/render-resource';
import { planResource, type ResourcePlan } from '../../lib/resource-plan';
import { authScaffold } from './credentials';

/** Options of `nx g @junction/generators:element`. */
export interface ElementGeneratorSchema {
  key: string;
  hub: HubKey;
  auth: AuthKind;
  /** Display name; defaults to the key in title case. */
  name?: string;
  /** The vendor API's base URL; defaults to `https://api.<key>.com/v1`. */
  baseUrl?: string;
}

interface NormalizedElement {
  key: string;
  root: string;
  identifier: string;
  typePrefix: string;
  envPrefix: string;
  displayName: string;
  hub: HubKey;
  auth: AuthKind;
  baseUrl: string;
  vendorHost: string;
}

/** Checks every option and fills the defaults; each error names the option and what it expects. */
function normalizeElementOptions(options: ElementGeneratorSchema): NormalizedElement {
  assertKebab('element key', options.key);
  if (!HUB_KEYS.includes(options.hub)) throw new Error(`--hub '${options.hub}' is invalid: use one of ${HUB_KEYS.join(', ')}`);
  if (!AUTH_KINDS.includes(options.auth)) throw new Error(`--auth '${options.auth}' is invalid: use one of ${AUTH_KINDS.join(', ')}`);
  const displayName = options.name?.trim() || titleCase(options.key);
  if (/['\\\n]/.test(displayName)) throw new Error(`--name '${displayName}' is invalid: leave out quotes, backslashes and line breaks`);
  const baseUrl = (options.baseUrl ?? `https://api.${options.key.replace(/-/g, '')}.com/v1`).replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new Error(`--baseUrl '${baseUrl}' is invalid: use an absolute http(s) URL such as https://api.vendor.com/v1`);
  }
  if (!/^https?:$/.test(url.protocol) || url.search || url.hash) {
    throw new Error(`--baseUrl '${baseUrl}' is invalid: use an absolute http(s) URL without query or fragment`);
  }
  return {
    key: options.key,
    root: `plugins/${options.key}`,
    identifier: camelCase(options.key),
    typePrefix: pascalCase(options.key),
    envPrefix: constantCase(options.key),
    displayName,
    hub: options.hub,
    auth: options.auth,
    baseUrl,
    vendorHost: url.host,
  };
}

/** Refuses a key that a folder, the hub's registry, an Nx project or another plugin already uses. */
function assertKeyIsFree(tree: Tree, element: NormalizedElement): void {
  if (tree.exists(element.root)) throw new Error(`${element.root} already exists: choose another key, or add resources with \`nx g @junction/generators:resource ${element.key} <resource>\``);
  const registered = registeredElements(tree).find((e) => e.key === element.key || e.identifier === element.identifier);
  if (registered) throw new Error(`the element '${element.key}' is already registered in the hub (as '${registered.identifier}' from @junction/element-${registered.key})`);
  if (getProjects(tree).has(element.key)) throw new Error(`an Nx project named '${element.key}' already exists: choose another key`);
  const declaring = tree.children('plugins').find((plugin) => declaresKey(tree, `plugins/${plugin}/src`, element.key));
  if (declaring) throw new Error(`plugins/${declaring} already declares an element with key '${element.key}'`);
}

function declaresKey(tree: Tree, dir: string, key: string): boolean {
  const pattern = new RegExp(`\\bkey:\\s*['"]${key}['"]`);
  return tree.children(dir).some((child) => {
    const file = `${dir}/${child}`;
    return tree.isFile(file) ? file.endsWith('.ts') && pattern.test(tree.read(file, 'utf-8') ?? '') : declaresKey(tree, file, key);
  });
}

/** A fixed port per element (7200–7899), so recordings made against its simulator map back to the vendor. */
function simulatorPort(key: string): number {
  let hash = 0;
  for (const char of key) hash = (hash * 31 + char.charCodeAt(0)) % 700;
  return 7200 + hash;
}

function plansFor(tree: Tree, hub: HubKey): ResourcePlan[] {
  const plans: ResourcePlan[] = [];
  for (const resource of hubResources[hub]) {
    const model = readHubModel(tree, resource.model);
    if (model.skipped.length) logger.warn(`${resource.model}: fields ${model.skipped.join(', ')} are not plain values; map them by hand`);
    plans.push(planResource({ name: resource.name, description: resource.description, model, earlier: plans.map((p) => p.name) }));
  }
  return plans;
}

/** The create-instance body, on one line as the element READMEs show it. */
function provisioningBody(element: NormalizedElement, configuration: Record<string, string>): string {
  const json = (value: Record<string, string>) => `{ ${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')} }`;
  const oauth = element.auth === 'oauth2' ? ', "providerData": { "code": "<code from the OAuth redirect>" }' : '';
  return `{ "name": "my ${element.key}", "element": { "key": "${element.key}" }, "configuration": ${json(configuration)}${oauth} }`;
}

function render(tree: Tree, element: NormalizedElement, plans: ResourcePlan[], now: Date): void {
  const documents = element.hub === 'documents';
  const origin = vendorOrigin(element.baseUrl);
  const auth = authScaffold(element.auth, { displayName: element.displayName, envPrefix: element.envPrefix, vendorOrigin: new URL(element.baseUrl).origin });
  const resourceNames = plans.map((p) => `\`${p.name}\``);
  const substitutions = {
    ...auth,
    tmpl: '',
    ...element,
    documents,
    resources: plans,
    providerMessage: `${element.identifier}ProviderMessage`,
    coreImports: sortedImports([auth.coreFunction, 'CONTRACT_VERSION', 'defineElement']),
    apiImports: 'offsetFrom, type ElementContext, type ListPage, type VendorFailure',
    coreTestImports: sortedImports([...(documents ? [] : ['HostMap']), ...auth.coreTestImports]),
    description: documents ? `${element.displayName} documents: files and folders` : `${element.displayName} ${element.hub}: ${plans.map((p) => p.name).join(', ')}`,
    resourceList: documents ? 'files and folders (content upload and download not yet)' : resourceNames.join(', '),
    healthCheckPath: plans[0]?.collection ?? 'storage',
    healthCheckQuery: plans.length ? ', { offset: 0, limit: 1 }' : '',
    vendorScope: origin.scope,
    basePath: origin.basePath,
    simulatorPort: simulatorPort(element.key),
    fixtures: plans.map(fixtureSource).join(''),
    provisioning: provisioningBody(element, auth.provisioning),
  };
  generateFiles(tree, path.join(__dirname, 'files'), element.root, substitutions);
  generateFiles(tree, path.join(__dirname, documents ? 'documents-files' : 'rest-files'), element.root, substitutions);
  for (const plan of plans) renderResource(tree, { key: element.key, hub: element.hub, vendorLabel: element.displayName, plan });
  writeJson(tree, `${element.root}/test/__recordings__/conformance.json`, conformanceRecording(plans, origin, now));
  if (!documents) writeJson(tree, `${element.root}/test/simulator-seed.json`, Object.fromEntries(plans.map((p) => [p.collection, [p.seed]])));
}

/**
 * `nx g @junction/generators:element <key> --hub=crm --auth=oauth2`: normalize the options →
 * refuse a key in use → render `files/` → register the element with the hub → format.
 */
export async function elementGenerator(tree: Tree, options: ElementGeneratorSchema): Promise<GeneratorCallback> {
  const element = normalizeElementOptions(options);
  assertKeyIsFree(tree, element);
  render(tree, element, plansFor(tree, element.hub), new Date());
  registerElement(tree, element.key, element.identifier);
  addPathAlias(tree, element.key);
  await formatFiles(tree);
  return () => {
    logger.info(`Next: \`npm install\` links @junction/element-${element.key} into the workspace (and the lock file); \`nx test ${element.key}\` replays its recorded conformance suite.`);
    logger.info(`Then fill in ${element.root}/README.md's list: every TODO(0.1.0) is a vendor fact to look up.`);
  };
}

