import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';

export const workspaceRoot = path.resolve(__dirname, '../../../..');

/** The hub registry as a test fixture, so registry assertions do not move with the real one. */
export const REGISTRY = `// The installed elements, in catalog order. \`nx g @junction/generators:element\` adds entries here.
import type { ElementDefinition } from '@junction/core';
import { closeio } from '@junction/element-closeio';
import { sfdc } from '@junction/element-sfdc';

export const installedElements: ElementDefinition[] = [closeio, sfdc];
`;

function copy(tree: Tree, file: string): void {
  tree.write(file, readFileSync(path.join(workspaceRoot, file)));
}

/**
 * An in-memory workspace with what the generators read: core's hub models (the real ones), the
 * hub registry, tsconfig.base.json and the Close element (a plugin that already exists). The
 * empty workspace's formatter config goes: this repository formats nothing on generation.
 */
export function workspaceTree(): Tree {
  const tree = createTreeWithEmptyWorkspace();
  tree.delete('.oxfmtrc.json');
  for (const file of readdirSync(path.join(workspaceRoot, 'packages/core/src/models'))) copy(tree, `packages/core/src/models/${file}`);
  copy(tree, 'tsconfig.base.json');
  copy(tree, 'plugins/closeio/src/element.ts');
  copy(tree, 'plugins/closeio/project.json');
  copy(tree, 'packages/core/project.json');
  tree.write('packages/hub/src/plugins.generated.ts', REGISTRY);
  return tree;
}

/** Files under `dir`, relative to it, sorted. */
export function filesUnder(tree: Tree, dir: string): string[] {
  const walk = (current: string): string[] =>
    tree.children(current).flatMap((child) => {
      const full = `${current}/${child}`;
      return tree.isFile(full) ? [full.slice(dir.length + 1)] : walk(full);
    });
  return walk(dir).sort();
}
