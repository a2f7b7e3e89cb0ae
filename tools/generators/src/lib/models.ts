import type { Tree } from '@nx/devkit';
import * as ts from 'typescript';

/** Where core keeps its hub models; the generator reads them so scaffolds follow core, not a copy. */
const MODELS_DIR = 'packages/core/src/models';

export type FieldType = 'string' | 'number' | 'boolean';

export interface ModelField {
  name: string;
  type: FieldType;
  optional: boolean;
  /** Accepted in create and update bodies (present in `<Model>Input`). */
  writable: boolean;
}

export interface HubModelInfo {
  /** The zod model's export name, e.g. `Contact`. */
  name: string;
  /** Its input schema's export name, e.g. `ContactInput`. */
  input: string;
  fields: ModelField[];
  /** Fields skipped because they are not plain strings, numbers or booleans. */
  skipped: string[];
}

const zodKinds: Record<string, FieldType> = { string: 'string', enum: 'string', literal: 'string', number: 'number', int: 'number', boolean: 'boolean' };

/**
 * Reads a hub model and its input schema from core's model sources: `export const Contact =
 * z.object({...})` (spreads of local object constants included) and `export const ContactInput =
 * Contact.omit({...}).partial()` (or `.pick({...})`). Throws naming the model when either is missing.
 */
export function readHubModel(tree: Tree, model: string): HubModelInfo {
  for (const file of tree.children(MODELS_DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    const path = `${MODELS_DIR}/${file}`;
    const source = ts.createSourceFile(path, tree.read(path, 'utf-8') ?? '', ts.ScriptTarget.Latest, true);
    const constants = topLevelConstants(source);
    const shape = constants.get(model);
    if (!shape || !isZodObject(shape)) continue;
    const input = `${model}Input`;
    const inputExpression = constants.get(input);
    if (!inputExpression) throw new Error(`${path} exports the model '${model}' but no '${input}' schema for create and update bodies`);
    const { fields, skipped } = objectFields(shape.arguments[0], constants);
    const writable = writableFields(inputExpression, model, fields.map((f) => f.name));
    return { name: model, input, fields: fields.map((f) => ({ ...f, writable: writable.has(f.name) })), skipped };
  }
  throw new Error(`no hub model '${model}' in ${MODELS_DIR} (expected \`export const ${model} = z.object({...})\`)`);
}

function topLevelConstants(source: ts.SourceFile): Map<string, ts.Expression> {
  const constants = new Map<string, ts.Expression>();
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.initializer) constants.set(declaration.name.text, declaration.initializer);
    }
  }
  return constants;
}

function isZodObject(expression: ts.Expression): expression is ts.CallExpression {
  return ts.isCallExpression(expression) && expression.expression.getText() === 'z.object' && expression.arguments.length === 1;
}

function objectFields(literal: ts.Expression, constants: Map<string, ts.Expression>): { fields: Omit<ModelField, 'writable'>[]; skipped: string[] } {
  const fields: Omit<ModelField, 'writable'>[] = [];
  const skipped: string[] = [];
  if (!ts.isObjectLiteralExpression(literal)) return { fields, skipped };
  for (const property of literal.properties) {
    if (ts.isSpreadAssignment(property)) {
      const spread = ts.isIdentifier(property.expression) ? constants.get(property.expression.text) : undefined;
      if (spread) {
        const inner = objectFields(spread, constants);
        fields.push(...inner.fields);
        skipped.push(...inner.skipped);
      }
      continue;
    }
    if (!ts.isPropertyAssignment(property)) continue;
    const name = property.name.getText().replace(/^['"]|['"]$/g, '');
    const kind = zodKind(property.initializer);
    if (kind) fields.push({ name, ...kind });
    else skipped.push(name);
  }
  return { fields, skipped };
}

/** `z.string().optional()` → string, optional. Walks the method chain down to the `z.<kind>()` call. */
function zodKind(expression: ts.Expression): { type: FieldType; optional: boolean } | undefined {
  let optional = false;
  let current: ts.Expression = expression;
  while (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression)) {
    const method = current.expression.name.text;
    const target = current.expression.expression;
    if (ts.isIdentifier(target) && target.text === 'z') {
      const type = zodKinds[method];
      return type ? { type, optional } : undefined;
    }
    if (method === 'optional' || method === 'nullish') optional = true;
    current = target;
  }
  return undefined;
}

/** Field names `<Model>Input` accepts, from its `.omit({...})` or `.pick({...})` on the model. */
function writableFields(input: ts.Expression, model: string, all: string[]): Set<string> {
  let current: ts.Expression = input;
  while (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression)) {
    const method = current.expression.name.text;
    const target = current.expression.expression;
    if (ts.isIdentifier(target) && target.text === model && (method === 'omit' || method === 'pick')) {
      const listed = keysOf(current.arguments[0]);
      return new Set(method === 'pick' ? all.filter((f) => listed.has(f)) : all.filter((f) => !listed.has(f)));
    }
    current = target;
  }
  return new Set(all.filter((f) => !['id', 'createdDate', 'modifiedDate'].includes(f)));
}

function keysOf(expression: ts.Expression | undefined): Set<string> {
  if (!expression || !ts.isObjectLiteralExpression(expression)) return new Set();
  return new Set(expression.properties.map((p) => (p.name ? p.name.getText().replace(/^['"]|['"]$/g, '') : '')));
}
