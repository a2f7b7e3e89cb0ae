import type { CeqlNode, CeqlValue } from './ceql/ast';

/**
 * The value of `field = value` when the pushed query pins the field to one value, for vendors
 * whose list calls take simple filter parameters. Anything looser returns undefined, and the hub
 * still applies the full query to what comes back.
 */
export function equalityValue(where: CeqlNode | undefined, field: string): CeqlValue | undefined {
  if (!where) return undefined;
  const predicates = where.kind === 'and' ? where.operands : [where];
  for (const p of predicates) {
    if (p.kind === 'comparison' && p.field === field && p.operator === '=' && p.value !== null) return p.value;
  }
  return undefined;
}

/** Top-level AND conjuncts (one node when there is no AND). */
export function conjuncts(where: CeqlNode | undefined): CeqlNode[] {
  if (!where) return [];
  return where.kind === 'and' ? where.operands : [where];
}
