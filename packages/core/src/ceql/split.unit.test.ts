import fc from 'fast-check';
import { ceqlNode } from './arbitraries.test-helper';
import { isLogical, operatorOf, type CeqlNode, type CeqlPredicate } from './ast';
import { matchesCeql } from './evaluate';
import { parseCeql } from './parser';
import { printCeql } from './print';
import { splitForPushdown } from './split';

const TRUE: CeqlNode = { kind: 'and', operands: [] };

function predicates(node: CeqlNode): CeqlPredicate[] {
  return isLogical(node) ? node.operands.flatMap(predicates) : [node];
}

function split(query: string, canPush: (p: CeqlPredicate) => boolean): { pushed?: string; remainder?: string } {
  const { pushed, remainder } = splitForPushdown(parseCeql(query), canPush);
  return { pushed: pushed && printCeql(pushed), remainder: remainder && printCeql(remainder) };
}

describe('splitForPushdown', () => {
  const noLike = (p: CeqlPredicate): boolean => operatorOf(p) !== 'LIKE';

  it('pushes the pushable conjuncts and keeps the rest', () => {
    expect(split("a = 1 AND b LIKE 'x%' AND c = 3", noLike)).toEqual({ pushed: 'a = 1 AND c = 3', remainder: "b LIKE 'x%'" });
  });

  it('leaves no remainder when everything is pushable, and pushes nothing when nothing is', () => {
    expect(split('a = 1 AND b IN (2, 3)', () => true)).toEqual({ pushed: 'a = 1 AND b IN (2, 3)' });
    expect(split('a = 1 AND b IN (2, 3)', () => false)).toEqual({ remainder: 'a = 1 AND b IN (2, 3)' });
    expect(split('a = 1', () => true)).toEqual({ pushed: 'a = 1' });
  });

  it('pushes an OR conjunct only when all of it is pushable', () => {
    expect(split("(a = 1 OR b LIKE 'x') AND c = 3", noLike)).toEqual({ pushed: 'c = 3', remainder: "a = 1 OR b LIKE 'x'" });
    expect(split('(a = 1 OR b = 2) AND c = 3', noLike)).toEqual({ pushed: '(a = 1 OR b = 2) AND c = 3' });
  });

  it('keeps a top-level OR whole when any leaf is not pushable', () => {
    expect(split("a = 1 OR b LIKE 'x' OR c = 3", noLike)).toEqual({ remainder: "a = 1 OR b LIKE 'x' OR c = 3" });
    expect(split('a = 1 OR (b = 2 AND c = 3)', noLike)).toEqual({ pushed: 'a = 1 OR (b = 2 AND c = 3)' });
  });

  it('looks through nested ANDs of a hand-built tree', () => {
    const a: CeqlPredicate = { kind: 'null', field: 'a', negated: false };
    const b: CeqlPredicate = { kind: 'null', field: 'b', negated: false };
    const c: CeqlPredicate = { kind: 'null', field: 'c', negated: true };
    const result = splitForPushdown({ kind: 'and', operands: [{ kind: 'and', operands: [a, b] }, c] }, (p) => p.field !== 'b');
    expect(result).toEqual({ pushed: { kind: 'and', operands: [a, c] }, remainder: b });
  });

  describe('on random queries and records', () => {
    const field = fc.constantFrom('a', 'b', 'c', 'd.e');
    const value = fc.oneof(fc.constantFrom('x', 'X', '1', '2.0', '', '%', '2020-01-01'), fc.integer({ min: 0, max: 3 }), fc.boolean(), fc.constant(null));
    const node = ceqlNode({ field, value, maxDepth: 4 });
    const record = fc.record(
      { a: value, b: value, c: value, d: fc.oneof(fc.record({ e: value }), value), 'd.e': value },
      { requiredKeys: [] },
    );
    const canPush = fc.func<[CeqlPredicate], boolean>(fc.boolean());

    it('means the same as the query: matches(node) = matches(pushed) && matches(remainder)', () => {
      fc.assert(
        fc.property(node, canPush, fc.array(record, { minLength: 1, maxLength: 8 }), (query, push, rows) => {
          const { pushed, remainder } = splitForPushdown(query, push);
          for (const row of rows) {
            expect(matchesCeql(pushed ?? TRUE, row) && matchesCeql(remainder ?? TRUE, row)).toBe(matchesCeql(query, row));
          }
        }),
        { numRuns: 300 },
      );
    });

    it('pushes only pushable predicates, loses none, and leaves no fully pushable conjunct behind', () => {
      fc.assert(
        fc.property(node, canPush, (query, push) => {
          const { pushed, remainder } = splitForPushdown(query, push);
          expect(pushed ?? remainder).toBeDefined();
          if (pushed) expect(predicates(pushed).every((p) => push(p))).toBe(true);
          const kept = [...(pushed ? predicates(pushed) : []), ...(remainder ? predicates(remainder) : [])];
          expect(new Set(kept)).toEqual(new Set(predicates(query)));
          expect(kept).toHaveLength(predicates(query).length);
          const leftover = remainder?.kind === 'and' ? remainder.operands : remainder ? [remainder] : [];
          for (const conjunct of leftover) expect(predicates(conjunct).every((p) => push(p))).toBe(false);
        }),
        { numRuns: 300 },
      );
    });
  });
});
