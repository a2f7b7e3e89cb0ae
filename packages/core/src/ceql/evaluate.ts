import type { CeqlNode, CeqlPredicate, ComparisonOperator } from './ast';
import { ceqlEquals, ceqlOrder, toComparable, type Comparable } from './compare';
import { matchesLike } from './like';

const NOT_FOUND = Symbol('not found');

function walkPath(record: Record<string, unknown>, path: string[]): unknown {
  let current: unknown = record;
  for (const key of path) {
    // Own properties only: a field named `constructor` or `__proto__` must not reach the prototype.
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return NOT_FOUND;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * The value of `field` in `record`: a dotted path (`properties.email`, `emails.0.email`) when it
 * exists, otherwise a key that itself contains the dots, as some vendors flatten nested objects.
 */
export function readField(record: Record<string, unknown>, field: string): unknown {
  if (field.includes('.')) {
    const value = walkPath(record, field.split('.'));
    if (value !== NOT_FOUND) return value;
  }
  const value = walkPath(record, [field]);
  return value === NOT_FOUND ? undefined : value;
}

function ordered(actual: Comparable, expected: Comparable, accept: (order: number) => boolean): boolean {
  const order = ceqlOrder(actual, expected);
  return order !== undefined && accept(order);
}

function compare(operator: ComparisonOperator, actual: Comparable, expected: Comparable): boolean {
  switch (operator) {
    case '=':
      return ceqlEquals(actual, expected);
    case '!=':
      return !ceqlEquals(actual, expected);
    case '<':
      return ordered(actual, expected, (order) => order < 0);
    case '>':
      return ordered(actual, expected, (order) => order > 0);
    case '<=':
      return ordered(actual, expected, (order) => order <= 0);
    case '>=':
      return ordered(actual, expected, (order) => order >= 0);
    case 'LIKE':
      return actual !== null && actual !== undefined && expected !== null && matchesLike(String(actual), String(expected));
  }
}

function matchesPredicate(node: CeqlPredicate, record: Record<string, unknown>): boolean {
  const raw = readField(record, node.field);
  switch (node.kind) {
    case 'comparison':
      return compare(node.operator, toComparable(raw), node.value);
    case 'in': {
      const actual = toComparable(raw);
      return node.values.some((value) => ceqlEquals(actual, value)) !== node.negated;
    }
    case 'null':
      return (raw === null || raw === undefined) !== node.negated;
  }
}

/**
 * Whether `record` satisfies the query, for the part of a `where=` a vendor could not filter on.
 *
 * A missing field behaves as null: `x != 'a'` and `x NOT IN (...)` are true, orderings and LIKE
 * are false. See {@link ceqlEquals} and {@link ceqlOrder} for how values compare. An empty AND is
 * true and an empty OR false, so `{ kind: 'and', operands: [] }` can stand for "no condition".
 */
export function matchesCeql(node: CeqlNode, record: Record<string, unknown>): boolean {
  switch (node.kind) {
    case 'and':
      return node.operands.every((operand) => matchesCeql(operand, record));
    case 'or':
      return node.operands.some((operand) => matchesCeql(operand, record));
    default:
      return matchesPredicate(node, record);
  }
}
