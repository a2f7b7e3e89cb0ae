import fc from 'fast-check';
import { anyField, anyValue, ceqlNode, flattened } from './arbitraries.test-helper';
import type { CeqlNode } from './ast';
import { MAX_CEQL_LENGTH, parseCeql } from './parser';
import { printCeql } from './print';

describe('printCeql', () => {
  it('prints canonical text', () => {
    expect(printCeql(parseCeql("a=1 and (b<>'x' or c is not null) AND d in(1,2) and e not in ('f')"))).toBe(
      "a = 1 AND (b != 'x' OR c IS NOT NULL) AND d IN (1, 2) AND e NOT IN ('f')",
    );
    expect(printCeql(parseCeql("name like 'a%' or x is null"))).toBe("name LIKE 'a%' OR x IS NULL");
  });

  it('parenthesises an AND under an OR for the reader', () => {
    expect(printCeql(parseCeql('a = 1 OR b = 2 AND c = 3'))).toBe('a = 1 OR (b = 2 AND c = 3)');
  });

  it('doubles quotes inside strings', () => {
    expect(printCeql({ kind: 'comparison', field: 'Name', operator: '=', value: "Churro's ''Test''" })).toBe(
      "Name = 'Churro''s ''''Test'''''",
    );
  });

  it('quotes only the field names that need it', () => {
    const field = (name: string): string => printCeql({ kind: 'null', field: name, negated: false }).replace(' IS NULL', '');
    expect(field('properties.email')).toBe('properties.email');
    expect(field('first-name')).toBe('first-name');
    expect(field('ın')).toBe('ın');
    expect(field('and')).toBe('`and`');
    expect(field('Null')).toBe('`Null`');
    expect(field('-x')).toBe('`-x`');
    expect(field('first name')).toBe('`first name`');
  });

  it('prints numbers the parser reads back exactly', () => {
    const value = (n: number): string => printCeql({ kind: 'comparison', field: 'n', operator: '=', value: n }).slice(4);
    expect(value(-0)).toBe('-0');
    expect(value(1e21)).toBe('1e21');
    expect(value(-2.5e-7)).toBe('-2.5e-7');
    expect(value(42)).toBe('42');
  });

  it('looks through one-operand groups when deciding on parentheses', () => {
    const node: CeqlNode = {
      kind: 'and',
      operands: [
        { kind: 'null', field: 'x', negated: true },
        { kind: 'or', operands: [{ kind: 'or', operands: [{ kind: 'null', field: 'a', negated: false }, { kind: 'null', field: 'b', negated: false }] }] },
      ],
    };
    expect(printCeql(node)).toBe('x IS NOT NULL AND (a IS NULL OR b IS NULL)');
  });

  it('reads back as the same tree, flattened', () => {
    fc.assert(
      fc.property(ceqlNode({ field: anyField, value: anyValue }), (node) => {
        const text = printCeql(node);
        fc.pre(text.length <= MAX_CEQL_LENGTH);
        expect(parseCeql(text)).toEqual(flattened(node));
        expect(printCeql(parseCeql(text))).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});
