import { isLogical, type CeqlNode, type CeqlValue } from './ast';
import { isBareIdentifier } from './lexer';

function printField(field: string): string {
  // Names with a backtick (or empty names) have no CEQL spelling; they print as-is so a log still shows them.
  return isBareIdentifier(field) ? field : `\`${field}\``;
}

function printNumber(value: number): string {
  // `String(-0)` is `0`, and the parser reads exponents without a `+` sign.
  return Object.is(value, -0) ? '-0' : String(value).replace('e+', 'e');
}

function printValue(value: CeqlValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'`;
  if (typeof value === 'number') return printNumber(value);
  return String(value);
}

/** A one-operand AND/OR is just its operand; looking through it decides parentheses correctly. */
function unwrap(node: CeqlNode): CeqlNode {
  while (isLogical(node) && node.operands.length === 1) node = node.operands[0];
  return node;
}

function printOperand(operand: CeqlNode, parentKind: 'and' | 'or'): string {
  const node = unwrap(operand);
  const text = printCeql(node);
  // Same-kind children print without parentheses and parse back flattened; a mixed child is
  // parenthesised even under OR, where precedence would allow leaving it bare, for the reader's sake.
  const mixed = isLogical(node) && node.kind !== parentKind;
  return mixed ? `(${text})` : text;
}

/**
 * Prints a tree as canonical CEQL: keywords upper case, one space around operators, fields
 * backtick-quoted only when needed. `parseCeql(printCeql(node))` gives back `node`, flattened.
 *
 * Trees the parser cannot produce print best-effort and do not parse back: an empty AND/OR
 * prints as `()`, and a field name that is empty or contains a backtick cannot be quoted.
 */
export function printCeql(tree: CeqlNode): string {
  const node = unwrap(tree);
  switch (node.kind) {
    case 'comparison':
      return `${printField(node.field)} ${node.operator} ${printValue(node.value)}`;
    case 'in':
      return `${printField(node.field)} ${node.negated ? 'NOT IN' : 'IN'} (${node.values.map(printValue).join(', ')})`;
    case 'null':
      return `${printField(node.field)} ${node.negated ? 'IS NOT NULL' : 'IS NULL'}`;
    case 'and':
    case 'or':
      if (node.operands.length === 0) return '()';
      return node.operands.map((operand) => printOperand(operand, node.kind)).join(node.kind === 'and' ? ' AND ' : ' OR ');
  }
}
