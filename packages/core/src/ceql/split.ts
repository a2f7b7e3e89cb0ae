import { isLogical, type CeqlNode, type CeqlPredicate } from './ast';

/** The two halves of a query: what the vendor filters on, and what the hub checks afterwards. */
export interface PushdownSplit {
  /** Conditions the vendor can apply; absent when none can. */
  pushed?: CeqlNode;
  /** Conditions left to {@link matchesCeql}; absent when the vendor handles everything. */
  remainder?: CeqlNode;
}

/** The top-level conjuncts, looking through nested ANDs a hand-built tree may contain. */
function conjuncts(node: CeqlNode): CeqlNode[] {
  return node.kind === 'and' ? node.operands.flatMap(conjuncts) : [node];
}

function fullyPushable(node: CeqlNode, canPush: (predicate: CeqlPredicate) => boolean): boolean {
  return isLogical(node) ? node.operands.every((operand) => fullyPushable(operand, canPush)) : canPush(node);
}

function conjoin(nodes: CeqlNode[]): CeqlNode | undefined {
  if (nodes.length <= 1) return nodes[0];
  return { kind: 'and', operands: nodes };
}

/**
 * Splits a query so that `pushed AND remainder` means the same as `node`. Only whole top-level
 * AND conjuncts move: a conjunct is pushed when every predicate in it is pushable. Splitting inside
 * an OR would not be sound (the vendor would drop rows the other branch keeps), so an OR with
 * any non-pushable predicate stays whole in the remainder.
 *
 * @param canPush - whether the vendor can evaluate this predicate exactly as {@link matchesCeql} would
 */
export function splitForPushdown(node: CeqlNode, canPush: (predicate: CeqlPredicate) => boolean): PushdownSplit {
  const pushed: CeqlNode[] = [];
  const remainder: CeqlNode[] = [];
  for (const conjunct of conjuncts(node)) (fullyPushable(conjunct, canPush) ? pushed : remainder).push(conjunct);
  const split: PushdownSplit = {};
  const pushedNode = conjoin(pushed);
  const remainderNode = conjoin(remainder);
  if (pushedNode) split.pushed = pushedNode;
  if (remainderNode) split.remainder = remainderNode;
  return split;
}
