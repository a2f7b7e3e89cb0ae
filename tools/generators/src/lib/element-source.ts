import path from 'node:path';
import type { Tree } from '@nx/devkit';
import * as ts from 'typescript';
import { fixtureLiteral, propertyKey, type ResourcePlan } from './resource-plan';

interface Edit {
  at: number;
  end: number;
  text: string;
}

function parse(tree: Tree, path: string): ts.SourceFile {
  const text = tree.read(path, 'utf-8');
  if (text === null) throw new Error(`${path} is missing`);
  return ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
}

function apply(tree: Tree, source: ts.SourceFile, edits: Edit[]): void {
  let text = source.getFullText();
  for (const edit of [...edits].sort((a, b) => b.at - a.at)) text = text.slice(0, edit.at) + edit.text + text.slice(edit.end);
  tree.write(source.fileName, text);
}

/** The object literal passed to the first call of `callee` in the file (`defineElement({...})`). */
function callArgument(source: ts.SourceFile, callee: string): ts.ObjectLiteralExpression {
  let found: ts.ObjectLiteralExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node) && node.expression.getText(source) === callee && node.arguments[0] && ts.isObjectLiteralExpression(node.arguments[0])) {
      found = node.arguments[0];
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (!found) throw new Error(`${source.fileName} has no \`${callee}({...})\` call to edit`);
  return found;
}

function property(source: ts.SourceFile, object: ts.ObjectLiteralExpression, name: string): ts.PropertyAssignment {
  const match = object.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText(source).replace(/^['"]|['"]$/g, '') === name);
  if (!match) throw new Error(`${source.fileName}: the \`${object.parent.getChildAt(0, source).getText(source)}({...})\` call has no \`${name}\``);
  return match;
}

/** Text to append one more element or property after the last one, keeping the list's layout. */
function appendAfterLast(source: ts.SourceFile, list: ts.NodeArray<ts.Node>, open: number, close: number, entry: string, multiLineEntry: string): Edit {
  const text = source.getFullText();
  const last = list.at(-1);
  if (!last) return { at: open + 1, end: close, text: entry.includes('\n') ? `\n${multiLineEntry}${indentOf(text, close)}` : entry };
  const multiLine = text.slice(open, close).includes('\n');
  if (!multiLine) return { at: last.getEnd(), end: last.getEnd(), text: `, ${entry}` };
  const comma = list.hasTrailingComma ? text.indexOf(',', last.getEnd()) + 1 : last.getEnd();
  return { at: comma, end: comma, text: `${list.hasTrailingComma ? '' : ','}\n${multiLineEntry.replace(/\n$/, '')}` };
}

function indentOf(text: string, position: number): string {
  const lineStart = text.lastIndexOf('\n', position - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** The resource names an element's `resources` array lists, as identifiers. */
export function registeredResources(tree: Tree, elementPath: string): string[] {
  const source = parse(tree, elementPath);
  const resources = property(source, callArgument(source, 'defineElement'), 'resources').initializer;
  if (!ts.isArrayLiteralExpression(resources)) throw new Error(`${elementPath}: \`resources\` is not an array literal`);
  return resources.elements.map((e) => e.getText(source));
}

/** Imports the resource in `src/element.ts` and appends it to the element's `resources`. */
export function registerResource(tree: Tree, elementPath: string, plan: ResourcePlan): void {
  const source = parse(tree, elementPath);
  const resources = property(source, callArgument(source, 'defineElement'), 'resources').initializer as ts.ArrayLiteralExpression;
  const imports = source.statements.filter(ts.isImportDeclaration);
  const resourceImports = imports.filter((i) => (i.moduleSpecifier as ts.StringLiteral).text.startsWith('./resources/'));
  const after = (resourceImports.at(-1) ?? imports.at(-1))?.getEnd() ?? 0;
  const indent = indentOf(source.getFullText(), resources.elements.at(-1)?.getStart(source) ?? resources.getEnd());
  apply(tree, source, [
    { at: after, end: after, text: `\nimport { ${plan.identifier} } from './resources/${plan.name}';` },
    appendAfterLast(source, resources.elements, resources.getStart(source), resources.getEnd() - 1, plan.identifier, `${indent}${plan.identifier},\n`),
  ]);
}

/** The fixture entry for one resource, as the conformance test lists it (four-space indent). */
export function fixtureSource(plan: ResourcePlan): string {
  const values = Object.entries(plan.create).map(([field, value]) => `${field}: ${fixtureLiteral(value)}`);
  const references = Object.values(plan.create).some((v) => 'reference' in v);
  const body = values.length ? `{ ${values.join(', ')} }` : '{}';
  const update = Object.entries(plan.update).map(([field, value]) => `${field}: ${fixtureLiteral({ literal: value })}`);
  return [
    `    ${propertyKey(plan.name)}: {`,
    `      create: ${references ? `(ids) => (${body})` : body},`,
    `      update: ${update.length ? `{ ${update.join(', ')} }` : '{}'},`,
    `      unknownId: '${plan.unknownId}',`,
    '    },',
    '',
  ].join('\n');
}

/** The resources the conformance test has fixtures for, in order. */
export function fixtureNames(tree: Tree, testPath: string): string[] {
  const source = parse(tree, testPath);
  const fixtures = property(source, callArgument(source, 'describeConformance'), 'fixtures').initializer;
  if (!ts.isObjectLiteralExpression(fixtures)) throw new Error(`${testPath}: \`fixtures\` is not an object literal`);
  return fixtures.properties.map((p) => (p.name ? p.name.getText(source).replace(/^['"]|['"]$/g, '') : ''));
}

/** Appends the resource's fixture to `describeConformance({fixtures: {...}})`. */
export function addFixture(tree: Tree, testPath: string, plan: ResourcePlan): void {
  const source = parse(tree, testPath);
  const fixtures = property(source, callArgument(source, 'describeConformance'), 'fixtures').initializer as ts.ObjectLiteralExpression;
  const entry = fixtureSource(plan);
  apply(tree, source, [appendAfterLast(source, fixtures.properties, fixtures.getStart(source), fixtures.getEnd() - 1, entry, entry)]);
}

/** What the resource generator needs to know of an element: its hub, display name and base URL. */
export function elementFacts(tree: Tree, elementPath: string): { hub: string; name: string; baseUrl?: string } {
  const source = parse(tree, elementPath);
  const definition = callArgument(source, 'defineElement');
  const literal = (node: ts.Expression | undefined) => (node && ts.isStringLiteralLike(node) ? node.text : undefined);
  const http = property(source, definition, 'http').initializer;
  const baseUrl = ts.isObjectLiteralExpression(http) ? literal(property(source, http, 'baseUrl').initializer) : undefined;
  return {
    hub: literal(property(source, definition, 'hub').initializer) ?? 'crm',
    name: literal(property(source, definition, 'name').initializer) ?? path.basename(path.dirname(path.dirname(elementPath))),
    baseUrl,
  };
}
