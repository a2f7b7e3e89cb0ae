/**
 * CEQL (the `where=` language of the Cloud Elements API) as a tree.
 * The parser produces it once per request; resources translate the parts they can push to
 * the vendor and the hub evaluates the rest in memory.
 */

export type CeqlValue = string | number | boolean | null;

export type ComparisonOperator = '=' | '!=' | '<' | '>' | '<=' | '>=' | 'LIKE';

export interface Comparison {
  kind: 'comparison';
  field: string;
  operator: ComparisonOperator;
  value: CeqlValue;
}

export interface InList {
  kind: 'in';
  field: string;
  values: CeqlValue[];
  negated: boolean;
}

export interface NullCheck {
  kind: 'null';
  field: string;
  negated: boolean;
}

export interface Logical {
  kind: 'and' | 'or';
  operands: CeqlNode[];
}

export type CeqlPredicate = Comparison | InList | NullCheck;
export type CeqlNode = CeqlPredicate | Logical;

export type CeqlOperator = ComparisonOperator | 'IN' | 'NOT IN' | 'IS NULL' | 'IS NOT NULL';

/** The operator a predicate uses, as resources declare what they can push down. */
export function operatorOf(node: CeqlPredicate): CeqlOperator {
  switch (node.kind) {
    case 'comparison':
      return node.operator;
    case 'in':
      return node.negated ? 'NOT IN' : 'IN';
    case 'null':
      return node.negated ? 'IS NOT NULL' : 'IS NULL';
  }
}

/** Whether a node is an AND/OR rather than a predicate. */
export function isLogical(node: CeqlNode): node is Logical {
  return node.kind === 'and' || node.kind === 'or';
}
