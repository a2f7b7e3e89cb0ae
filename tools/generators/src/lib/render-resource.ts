import path from 'node:path';
import { generateFiles, type Tree } from '@nx/devkit';
import { pascalCase } from './names';
import type { FieldMapping, ResourcePlan } from './resource-plan';

/** Named imports the way the codebase writes them: sorted case-insensitively. */
export function sortedImports(names: string[]): string {
  return [...new Set(names)].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())).join(', ');
}

function vendorType(field: FieldMapping): string {
  if (field.name === 'id') return 'string | number';
  return field.optional ? `${field.type} | null` : field.type;
}

function hubValue(field: FieldMapping): string {
  if (field.name === 'id') return 'String(record.id)';
  return field.optional ? `record.${field.vendor} ?? undefined` : `record.${field.vendor}`;
}

/** The element's display name followed by the record type suffix: `Pipedrive` + `Contact`. */
function recordTypeName(key: string, plan: ResourcePlan): string {
  return `${pascalCase(key)}${pascalCase(plan.vendorName)}`;
}

/** Writes `plugins/<key>/src/resources/<name>.ts`: a working generic REST resource for the plan. */
export function renderResource(tree: Tree, options: { key: string; hub: string; vendorLabel: string; plan: ResourcePlan }): void {
  const { plan } = options;
  const interfaceLines = plan.fields.map((f) => `${f.vendor}${f.name === 'id' || !f.optional ? '' : '?'}: ${vendorType(f)};`);
  generateFiles(tree, path.join(__dirname, '../generators/resource/files'), `plugins/${options.key}`, {
    tmpl: '',
    resource: plan.name,
    key: options.key,
    hub: options.hub,
    vendorLabel: options.vendorLabel,
    name: plan.name,
    identifier: plan.identifier,
    vendorName: plan.vendorName,
    collection: plan.collection,
    description: plan.description,
    model: plan.model.name,
    input: plan.model.input,
    coreImports: sortedImports([plan.model.name, plan.model.input, 'defineResource']),
    recordType: recordTypeName(options.key, plan),
    interfaceLines,
    toHubLines: plan.fields.map((f) => `${f.name}: ${hubValue(f)},`),
    toVendorLines: plan.fields.filter((f) => f.writable).map((f) => `...(body.${f.name} !== undefined ? { ${f.vendor}: body.${f.name} } : {}),`),
  });
}
