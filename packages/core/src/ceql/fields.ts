import { isLogical, type CeqlNode } from './ast';

/** The distinct field names a query uses, in order of first use (to check them against a schema). */
export function fieldsOf(node: CeqlNode): string[] {
  const fields = new Set<string>();
  const visit = (current: CeqlNode): void => {
    if (isLogical(current)) current.operands.forEach(visit);
    else fields.add(current.field);
  };
  visit(node);
  return [...fields];
}

/**
 * A copy of the query with every field renamed, e.g. from the hub's name to the vendor's before
 * pushing it down. The input is left untouched because the caller usually still needs it.
 */
export function mapFields(node: CeqlNode, rename: (field: string) => string): CeqlNode {
  switch (node.kind) {
    case 'and':
    case 'or':
      return { kind: node.kind, operands: node.operands.map((operand) => mapFields(operand, rename)) };
    case 'in':
      return { ...node, field: rename(node.field), values: [...node.values] };
    default:
      return { ...node, field: rename(node.field) };
  }
}
