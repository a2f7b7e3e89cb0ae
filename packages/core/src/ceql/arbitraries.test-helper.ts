import fc from 'fast-check';
import { isLogical, type CeqlNode, type CeqlValue, type ComparisonOperator } from './ast';

/** The building blocks a generated query draws its fields and values from. */
export interface CeqlShape {
  field: fc.Arbitrary<string>;
  value: fc.Arbitrary<CeqlValue>;
  maxDepth?: number;
}

const OPERATORS: ComparisonOperator[] = ['=', '!=', '<', '>', '<=', '>=', 'LIKE'];

/** Random CEQL trees, including one-operand and nested same-kind AND/ORs the parser would flatten. */
export function ceqlNode({ field, value, maxDepth = 3 }: CeqlShape): fc.Arbitrary<CeqlNode> {
  const predicate = fc.oneof(
    fc.record({ kind: fc.constant('comparison' as const), field, operator: fc.constantFrom(...OPERATORS), value }),
    fc.record({ kind: fc.constant('in' as const), field, values: fc.array(value, { minLength: 1, maxLength: 4 }), negated: fc.boolean() }),
    fc.record({ kind: fc.constant('null' as const), field, negated: fc.boolean() }),
  );
  const { node } = fc.letrec<{ node: CeqlNode; logical: CeqlNode }>((tie) => ({
    node: fc.oneof({ maxDepth }, predicate, tie('logical')),
    logical: fc.record({
      kind: fc.constantFrom('and' as const, 'or' as const),
      operands: fc.array(tie('node'), { minLength: 1, maxLength: 3 }),
    }),
  }));
  return node;
}

/**
 * Any code point, lone surrogates included, weighted toward ASCII and the BMP. This stands in for
 * fast-check 3's `fullUnicodeString`: v4's `string({ unit: 'binary' })` costs a second of set-up per file.
 */
export const anyCodePoint: fc.Arbitrary<string> = fc
  .oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0x80, max: 0xffff }), fc.integer({ min: 0x10000, max: 0x10ffff }))
  .map((codePoint) => String.fromCodePoint(codePoint));

/** Field names that print bare, that need backticks, and that look like keywords or numbers. */
export const anyField: fc.Arbitrary<string> = fc.oneof(
  fc.stringMatching(/^[A-Za-z_$][A-Za-z0-9_.$-]{0,8}$/),
  fc.constantFrom('and', 'OR', 'Not', 'in', 'Is', 'null', 'like', 'TRUE', 'false', 'ın', 'ſ', '5', '-x', 'a b', "it's", 'metaData.lastUpdateTime', 'é'),
  fc.string({ unit: anyCodePoint, minLength: 1, maxLength: 8 }).filter((name) => !name.includes('`')),
);

/** Values with quotes, wildcards, odd whitespace, every kind of number, booleans and null. */
export const anyValue: fc.Arbitrary<CeqlValue> = fc.oneof(
  fc.string({ unit: fc.constantFrom("'", "''", 'a', 'Z', ' ', '%', '_', '`', '\n', 'é', '😀'), maxLength: 8 }),
  fc.string({ unit: anyCodePoint, maxLength: 8 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);

/**
 * What the parser should return for a tree: same-kind AND/ORs merged and one-operand ones
 * replaced by their operand. Written separately from the parser so the round trip can catch it.
 */
export function flattened(node: CeqlNode): CeqlNode {
  if (!isLogical(node)) return node;
  const operands = node.operands.map(flattened).flatMap((operand) => (operand.kind === node.kind ? (operand as typeof node).operands : [operand]));
  return operands.length === 1 ? operands[0] : { kind: node.kind, operands };
}
