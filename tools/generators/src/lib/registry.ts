import { readJson, updateJson, type Tree } from '@nx/devkit';
import * as ts from 'typescript';

/** The hub's list of installed elements. */
export const REGISTRY_PATH = 'packages/hub/src/plugins.generated.ts';
const ARRAY_NAME = 'installedElements';
const PACKAGE_PREFIX = '@junction/element-';

export interface RegisteredElement {
  /** The element package's key: `closeio` for `@junction/element-closeio`. */
  key: string;
  identifier: string;
}

function parse(tree: Tree): ts.SourceFile {
  const text = tree.read(REGISTRY_PATH, 'utf-8');
  if (text === null) throw new Error(`${REGISTRY_PATH} is missing: the hub lists its elements there`);
  return ts.createSourceFile(REGISTRY_PATH, text, ts.ScriptTarget.Latest, true);
}

function elementImports(source: ts.SourceFile): { declaration: ts.ImportDeclaration; key: string; identifiers: string[] }[] {
  return source.statements.filter(ts.isImportDeclaration).flatMap((declaration) => {
    const from = (declaration.moduleSpecifier as ts.StringLiteral).text;
    const bindings = declaration.importClause?.namedBindings;
    if (!from.startsWith(PACKAGE_PREFIX) || !bindings || !ts.isNamedImports(bindings)) return [];
    return [{ declaration, key: from.slice(PACKAGE_PREFIX.length), identifiers: bindings.elements.map((e) => e.name.text) }];
  });
}

function installedArray(source: ts.SourceFile): ts.ArrayLiteralExpression {
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.name.text === ARRAY_NAME && declaration.initializer && ts.isArrayLiteralExpression(declaration.initializer)) {
        return declaration.initializer;
      }
    }
  }
  throw new Error(`${REGISTRY_PATH} has no \`export const ${ARRAY_NAME}: ElementDefinition[] = [...]\` to add the element to`);
}

/** The element packages the hub imports. */
export function registeredElements(tree: Tree): RegisteredElement[] {
  return elementImports(parse(tree)).flatMap(({ key, identifiers }) => identifiers.map((identifier) => ({ key, identifier })));
}

/**
 * Adds `import { <identifier> } from '@junction/element-<key>'` and the array entry, both kept
 * in alphabetical order, leaving every other line as it was. Running it twice changes nothing.
 */
export function registerElement(tree: Tree, key: string, identifier: string): void {
  const source = parse(tree);
  const text = source.getFullText();
  const edits: { at: number; end: number; text: string }[] = [];

  const imports = elementImports(source);
  if (!imports.some((i) => i.key === key)) {
    const line = `import { ${identifier} } from '${PACKAGE_PREFIX}${key}';\n`;
    const next = imports.find((i) => i.key.localeCompare(key) > 0);
    const lastImport = source.statements.filter(ts.isImportDeclaration).at(-1);
    const at = next ? next.declaration.getStart(source) : lastImport ? lastImport.getEnd() + 1 : 0;
    edits.push({ at, end: at, text: line });
  }

  const array = installedArray(source);
  const entries = array.elements.map((e) => e.getText(source));
  if (!entries.includes(identifier)) {
    const sorted = [...entries, identifier].sort((a, b) => a.localeCompare(b));
    const oneLine = `[${sorted.join(', ')}]`;
    const lineStart = text.lastIndexOf('\n', array.getStart(source)) + 1;
    const fits = array.getStart(source) - lineStart + oneLine.length + 1 <= 120;
    edits.push({ at: array.getStart(source), end: array.getEnd(), text: fits ? oneLine : `[\n${sorted.map((e) => `  ${e},`).join('\n')}\n]` });
  }

  if (edits.length === 0) return;
  let result = text;
  for (const edit of edits.sort((a, b) => b.at - a.at)) result = result.slice(0, edit.at) + edit.text + result.slice(edit.end);
  tree.write(REGISTRY_PATH, result);
}

/** Adds the `@junction/element-<key>` path alias (tsc, jest and the bundler resolve plugins by it). */
export function addPathAlias(tree: Tree, key: string): void {
  const alias = `${PACKAGE_PREFIX}${key}`;
  if (readJson<TsConfig>(tree, 'tsconfig.base.json').compilerOptions?.paths?.[alias]) return;
  updateJson(tree, 'tsconfig.base.json', (json: TsConfig) => {
    json.compilerOptions ??= {};
    json.compilerOptions.paths = { ...json.compilerOptions.paths, [alias]: [`plugins/${key}/src/index.ts`] };
    return json;
  });
}

interface TsConfig {
  compilerOptions?: { paths?: Record<string, string[]> };
}
