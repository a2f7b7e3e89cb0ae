import fc from 'fast-check';
import { anyCodePoint } from './arbitraries.test-helper';
import type { CeqlNode } from './ast';
import { MAX_CEQL_DEPTH, MAX_CEQL_LENGTH, parseCeql } from './parser';
import { printCeql } from './print';
import { CeqlSyntaxError } from './syntax-error';

const cmp = (field: string, operator: string, value: unknown): CeqlNode => ({ kind: 'comparison', field, operator, value }) as CeqlNode;

function syntaxError(text: unknown): CeqlSyntaxError {
  try {
    parseCeql(text as string);
  } catch (error) {
    if (error instanceof CeqlSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} not to parse`);
}

describe('parseCeql comparisons', () => {
  it.each([
    ['a = 1', '='],
    ['a != 1', '!='],
    ['a <> 1', '!='],
    ['a < 1', '<'],
    ['a > 1', '>'],
    ['a <= 1', '<='],
    ['a >= 1', '>='],
    ['a LIKE 1', 'LIKE'],
    ['a like 1', 'LIKE'],
  ])('%s uses %s', (text, operator) => {
    expect(parseCeql(text)).toEqual(cmp('a', operator, 1));
  });

  it('needs no whitespace around operators', () => {
    expect(parseCeql("sys_created_on>='2016-02-06T16:35:36'")).toEqual(cmp('sys_created_on', '>=', '2016-02-06T16:35:36'));
    expect(parseCeql('a<>-5')).toEqual(cmp('a', '!=', -5));
    expect(parseCeql("a='x'AND b=2")).toEqual({ kind: 'and', operands: [cmp('a', '=', 'x'), cmp('b', '=', 2)] });
  });
});

describe('parseCeql IN and NULL checks', () => {
  it('reads IN and NOT IN lists of mixed values', () => {
    expect(parseCeql("id IN (1, 'two', null, true)")).toEqual({ kind: 'in', field: 'id', negated: false, values: [1, 'two', null, true] });
    expect(parseCeql("id not in ('a')")).toEqual({ kind: 'in', field: 'id', negated: true, values: ['a'] });
    expect(parseCeql('id in(1,2)')).toEqual({ kind: 'in', field: 'id', negated: false, values: [1, 2] });
  });

  it('reads IS NULL and IS NOT NULL in any case', () => {
    expect(parseCeql('email IS NULL')).toEqual({ kind: 'null', field: 'email', negated: false });
    expect(parseCeql('email is not null')).toEqual({ kind: 'null', field: 'email', negated: true });
    expect(parseCeql('email Is NoT NuLl')).toEqual({ kind: 'null', field: 'email', negated: true });
  });
});

describe('parseCeql values', () => {
  it.each<[string, unknown]>([
    ["'Churro''s Test'", "Churro's Test"],
    ["''", ''],
    ["''''", "'"],
    ["'a AND b = ''c'''", "a AND b = 'c'"],
    ["'2016-02-06T16:35:36Z'", '2016-02-06T16:35:36Z'],
    ['42', 42],
    ['-7', -7],
    ['3.25', 3.25],
    ['-0.5', -0.5],
    ['.5', 0.5],
    ['2e-7', 2e-7],
    ['true', true],
    ['FALSE', false],
    ['null', null],
    ['NULL', null],
  ])('reads %s', (literal, value) => {
    expect(parseCeql(`x = ${literal}`)).toEqual(cmp('x', '=', value));
  });
});

describe('parseCeql field names', () => {
  it.each([
    ['properties.email', 'properties.email'],
    ['emails.0.email', 'emails.0.email'],
    ['$id', '$id'],
    ['_x9', '_x9'],
    ['first-name', 'first-name'],
    ['Nombre_ñ', 'Nombre_ñ'],
    ['`metaData.lastUpdateTime`', 'metaData.lastUpdateTime'],
    ['`first name (legal)`', 'first name (legal)'],
    ["`it's`", "it's"],
    ['`and`', 'and'],
  ])('reads %s', (source, field) => {
    expect(parseCeql(`${source}=1`)).toEqual(cmp(field, '=', 1));
  });

  it('reads a field and a negative number around an operator without spaces', () => {
    expect(parseCeql('a-b=-5')).toEqual(cmp('a-b', '=', -5));
  });
});

describe('parseCeql logic', () => {
  it('binds AND tighter than OR', () => {
    expect(parseCeql('a = 1 or b = 2 and c = 3')).toEqual({
      kind: 'or',
      operands: [cmp('a', '=', 1), { kind: 'and', operands: [cmp('b', '=', 2), cmp('c', '=', 3)] }],
    });
  });

  it('lets parentheses override precedence', () => {
    expect(parseCeql('(a = 1 OR b = 2) AND c = 3')).toEqual({
      kind: 'and',
      operands: [{ kind: 'or', operands: [cmp('a', '=', 1), cmp('b', '=', 2)] }, cmp('c', '=', 3)],
    });
  });

  it('flattens nested operators of the same kind', () => {
    const three = [cmp('a', '=', 1), cmp('b', '=', 2), cmp('c', '=', 3)];
    expect(parseCeql('a = 1 AND (b = 2 AND c = 3)')).toEqual({ kind: 'and', operands: three });
    expect(parseCeql('(a = 1 OR b = 2) OR c = 3')).toEqual({ kind: 'or', operands: three });
    expect(parseCeql('((a = 1))')).toEqual(three[0]);
  });
});

describe('parseCeql errors', () => {
  const tooLong = `a = '${'x'.repeat(MAX_CEQL_LENGTH)}'`;
  const tooDeep = `${'('.repeat(MAX_CEQL_DEPTH + 1)}a = 1${')'.repeat(MAX_CEQL_DEPTH + 1)}`;

  it.each<[string, string, number, string]>([
    ['empty input', '', 0, "expected a field name or '(' at position 0, found end of input"],
    ['blank input', '   ', 3, "expected a field name or '(' at position 3"],
    ['missing value', 'Name = ', 7, "expected a value after '=' at position 7"],
    ['bare word as value', 'a = b', 4, "expected a value after '=' at position 4, found 'b'"],
    ['malformed number', 'a = 1.2.3', 4, 'expected a value'],
    ['number too large', 'a = 1e999', 4, 'number out of range at position 4'],
    ['unterminated string', "Name = 'abc", 7, 'unterminated string starting at position 7'],
    ['string ending in an escaped quote', "a = 'x''", 4, 'unterminated string'],
    ['unterminated quoted field', '`abc = 1', 0, 'unterminated quoted field name starting at position 0'],
    ['empty quoted field', '`` = 1', 0, 'empty quoted field name at position 0'],
    ['unknown operator symbol', 'a ~ 1', 2, 'expected an operator'],
    ['unknown operator word', 'a BETWEEN 1', 2, "expected an operator (=, !=, <>, <, >, <=, >=, LIKE, IN, NOT IN, IS NULL or IS NOT NULL) after the field name at position 2, found 'BETWEEN'"],
    ['lone bang', 'a ! 1', 2, "found '!'"],
    ['doubled equals', 'a == 1', 3, "expected a value after '=' at position 3, found '='"],
    ['missing LIKE pattern', 'a LIKE', 6, 'expected a value after LIKE at position 6'],
    ['trailing input', 'a = 1 b = 2', 6, "expected AND, OR or end of input at position 6, found 'b'"],
    ['dangling AND', 'a = 1 AND', 9, "expected a field name or '(' at position 9"],
    ['leading AND', 'AND a = 1', 0, "expected a field name or '(' at position 0, found 'AND'"],
    ['keyword as bare field', 'null = 1', 0, "expected a field name or '('"],
    ['field starting with a dash', '-a = 1', 0, "expected a field name or '('"],
    ['empty parentheses', '()', 1, "expected a field name or '(' at position 1, found ')'"],
    ['extra closing parenthesis', 'a = 1)', 5, "unbalanced parentheses: ')' at position 5 has no matching '('"],
    ['missing closing parenthesis', '(a = 1', 6, "unbalanced parentheses: expected ')' at position 6 to close the '(' at position 0"],
    ['missing inner closing parenthesis', '((a = 1)', 8, "to close the '(' at position 0"],
    ['empty IN list', 'a IN ()', 6, 'empty IN list'],
    ['empty NOT IN list', 'a NOT IN ( )', 11, 'empty NOT IN list: expected a value at position 11'],
    ['IN without parentheses', 'a IN 1', 5, "expected '(' after IN at position 5"],
    ['trailing comma in IN', 'a IN (1,)', 8, "expected a value after ',' at position 8"],
    ['missing comma in IN', 'a IN (1 2)', 8, "expected ',' or ')' in the IN list at position 8"],
    ['unclosed IN list', 'a IN (1', 7, "expected ',' or ')' in the IN list at position 7, found end of input"],
    ['NOT without IN', 'a NOT 1', 6, 'expected IN after NOT at position 6'],
    ['IS without NULL', 'a IS 1', 5, 'expected NULL or NOT NULL after IS at position 5'],
    ['IS NOT without NULL', 'a IS NOT', 8, 'expected NULL after IS NOT at position 8'],
    ['input over the length limit', tooLong, MAX_CEQL_LENGTH, `query longer than ${MAX_CEQL_LENGTH} characters`],
    ['nesting over the depth limit', tooDeep, MAX_CEQL_DEPTH, `nested deeper than ${MAX_CEQL_DEPTH} levels at position ${MAX_CEQL_DEPTH}`],
  ])('rejects %s', (_name, text, position, detail) => {
    const error = syntaxError(text);
    expect(error).toBeInstanceOf(Error);
    expect(error.message.startsWith('Error parsing query: ')).toBe(true);
    expect(error.message).toContain(detail);
    expect(error.position).toBe(position);
  });

  it('rejects a query that is not text', () => {
    expect(syntaxError(['a = 1', 'b = 2']).position).toBe(0);
  });

  it('accepts input right at the limits', () => {
    const longest = `a = '${'x'.repeat(MAX_CEQL_LENGTH - 6)}'`;
    expect(longest).toHaveLength(MAX_CEQL_LENGTH);
    expect(parseCeql(longest)).toEqual(cmp('a', '=', 'x'.repeat(MAX_CEQL_LENGTH - 6)));
    const deepest = `${'('.repeat(MAX_CEQL_DEPTH)}a = 1${')'.repeat(MAX_CEQL_DEPTH)}`;
    expect(parseCeql(deepest)).toEqual(cmp('a', '=', 1));
  });

  it('counts depth across alternating AND and OR, where parentheses cannot collapse', () => {
    let text = 'a = 0';
    for (let level = 1; level <= MAX_CEQL_DEPTH; level++) text = `a = ${level} ${level % 2 ? 'OR' : 'AND'} (${text})`;
    expect(() => parseCeql(text)).not.toThrow();
    const deeper = `b = 1 OR (${text})`;
    expect(syntaxError(deeper).position).toBe(deeper.lastIndexOf('('));
  });
});

describe('parseCeql on arbitrary input', () => {
  const soup = fc
    .array(
      fc.constantFrom('(', ')', ',', "'", "''", '`', ' ', 'AND', 'or', 'NOT', 'in', 'IS', 'NULL', 'like', 'true', '=', '<>', '!', '<', '>=', 'a', 'b.c', '1', '-2.5', "'x'", '`f g`', '\u00e9', '\ud800'),
      { maxLength: 30 },
    )
    .map((parts) => parts.join(''));

  const onlySyntaxErrors = (text: string): void => {
    let node: CeqlNode;
    try {
      node = parseCeql(text);
    } catch (error) {
      if (!(error instanceof CeqlSyntaxError)) throw error;
      expect(error.message.startsWith('Error parsing query: ')).toBe(true);
      expect(Number.isInteger(error.position) && error.position >= 0 && error.position <= text.length).toBe(true);
      return;
    }
    // Whatever parses must also survive a trip through the printer.
    expect(parseCeql(printCeql(node))).toEqual(node);
  };

  it('throws only CeqlSyntaxError on arbitrary strings', () => {
    fc.assert(fc.property(fc.string(), onlySyntaxErrors), { numRuns: 300 });
  });

  it('throws only CeqlSyntaxError on arbitrary Unicode', () => {
    fc.assert(fc.property(fc.string({ unit: anyCodePoint }), onlySyntaxErrors), { numRuns: 300 });
  });

  it('throws only CeqlSyntaxError on near-CEQL token soup', () => {
    fc.assert(fc.property(soup, onlySyntaxErrors), { numRuns: 1000 });
  });
});
