import { createRequire } from 'node:module';
import path from 'node:path';
import type { ElementDefinition } from '@junction/core';
import { installedElements } from './plugins.generated';

/** Does this export look like an element definition (the registry validates it fully)? */
function isElement(value: unknown): value is ElementDefinition {
  return Boolean(value && typeof value === 'object' && typeof (value as ElementDefinition).key === 'string' && Array.isArray((value as ElementDefinition).resources));
}

/**
 * The elements to serve: those installed in this repository, plus out-of-tree packages named in
 * `JUNCTION_PLUGINS` (comma-separated npm package names, resolved from the working directory).
 * A package must export one element definition (default or named); the hub validates it at boot
 * like any other, so a plugin built for another contract stops the boot with its key.
 */
export function loadElements(pluginList: string | undefined, cwd = process.cwd()): ElementDefinition[] {
  const names = (pluginList ?? '').split(',').map((n) => n.trim()).filter(Boolean);
  if (!names.length) return installedElements;
  const load = createRequire(path.join(cwd, 'package.json'));
  const external = names.map((name) => {
    let exported: Record<string, unknown>;
    try {
      exported = load(name) as Record<string, unknown>;
    } catch (error) {
      throw new Error(`JUNCTION_PLUGINS: cannot load '${name}': ${(error as Error).message.split('\n')[0]}`);
    }
    const candidates = [exported, exported.default, ...Object.values(exported)].filter(isElement);
    const unique = [...new Set(candidates)];
    if (unique.length !== 1) throw new Error(`JUNCTION_PLUGINS: '${name}' must export exactly one element definition, found ${unique.length}`);
    return unique[0];
  });
  return [...installedElements, ...external];
}
