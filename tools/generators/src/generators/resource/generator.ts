import { formatFiles, logger, readJson, writeJson, type Tree } from '@nx/devkit';
import { addFixture, elementFacts, fixtureNames, registerResource, registeredResources } from '../../lib/element-source';
import { defaultModelFor, hubResources } from '../../lib/hub-resources';
import { readHubModel } from '../../lib/models';
import { assertKebab, camelCase, titleCase } from '../../lib/names';
import { vendorOrigin, withResource, type Interaction } from '../../lib/recording';
import { renderResource } from '../../lib/render-resource';
import { planResource } from '../../lib/resource-plan';

/** Options of `nx g @junction/generators:resource <element> <resource>`. */
export interface ResourceGeneratorSchema {
  element: string;
  resource: string;
  /** The core hub model; defaults to the hub's model for known names (`leads` → `Lead`). */
  model?: string;
  description?: string;
}

interface NormalizedResource {
  element: string;
  root: string;
  resource: string;
  model: string;
  description: string;
}

const paths = (root: string) => ({
  element: `${root}/src/element.ts`,
  test: `${root}/test/conformance.contract.test.ts`,
  recording: `${root}/test/__recordings__/conformance.json`,
  seed: `${root}/test/simulator-seed.json`,
});

/** Checks the options and fills the defaults; each error names the option and what it expects. */
function normalizeResourceOptions(tree: Tree, options: ResourceGeneratorSchema): NormalizedResource {
  assertKebab('element key', options.element);
  assertKebab('resource name', options.resource);
  const root = `plugins/${options.element}`;
  if (!tree.exists(paths(root).element)) throw new Error(`no element '${options.element}': ${paths(root).element} does not exist (create it with \`nx g @junction/generators:element ${options.element}\`)`);
  const model = options.model ?? defaultModelFor(options.resource);
  if (!model) throw new Error(`--model is required for '${options.resource}': name the core hub model its records are normalized to (e.g. --model Contact)`);
  const known = Object.values(hubResources).flat().find((r) => r.name === options.resource);
  return { element: options.element, root, resource: options.resource, model, description: options.description ?? known?.description ?? titleCase(options.resource) };
}

/** Refuses a resource the element already has, by file, by registration or by fixture. */
function assertResourceIsNew(tree: Tree, resource: NormalizedResource): void {
  const file = `${resource.root}/src/resources/${resource.resource}.ts`;
  if (tree.exists(file)) throw new Error(`${file} already exists: the element '${resource.element}' has a '${resource.resource}' resource`);
  if (registeredResources(tree, paths(resource.root).element).includes(camelCase(resource.resource))) {
    throw new Error(`${paths(resource.root).element} already lists '${camelCase(resource.resource)}' in its resources`);
  }
  if (tree.exists(paths(resource.root).test) && fixtureNames(tree, paths(resource.root).test).includes(resource.resource)) {
    throw new Error(`${paths(resource.root).test} already has a '${resource.resource}' fixture`);
  }
}

/**
 * `nx g @junction/generators:resource <element> <resource> [--model Contact]`: adds
 * `src/resources/<resource>.ts`, lists it in the element, and adds its conformance fixture, its
 * recorded exchange and its simulator seed, so the suite still passes in lockdown.
 */
export async function resourceGenerator(tree: Tree, options: ResourceGeneratorSchema): Promise<void> {
  const resource = normalizeResourceOptions(tree, options);
  assertResourceIsNew(tree, resource);
  const files = paths(resource.root);
  const facts = elementFacts(tree, files.element);
  const earlier = tree.exists(files.test) ? fixtureNames(tree, files.test) : [];
  const plan = planResource({ name: resource.resource, description: resource.description, model: readHubModel(tree, resource.model), earlier });

  renderResource(tree, { key: resource.element, hub: facts.hub, vendorLabel: facts.name, plan });
  registerResource(tree, files.element, plan);
  if (tree.exists(files.test)) addFixture(tree, files.test, plan);
  if (tree.exists(files.recording) && facts.baseUrl && !facts.baseUrl.includes('{')) {
    writeJson(tree, files.recording, withResource(readJson<Interaction[]>(tree, files.recording), plan, vendorOrigin(facts.baseUrl), new Date()));
  } else {
    logger.warn(`${files.recording} was not extended (no recording, or a base URL built from configuration): record it with \`nx run ${resource.element}:record\``);
  }
  if (tree.exists(files.seed)) writeJson(tree, files.seed, { ...readJson<Record<string, unknown>>(tree, files.seed), [plan.collection]: [plan.seed] });
  await formatFiles(tree);
}

