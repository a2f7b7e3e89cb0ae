import { parseCeql, type CeqlNode } from '@junction/core';
import fc from 'fast-check';
import { pushdownOf, soqlString, soqlWhere, type SoqlField } from './soql';

/**
 * Reads a SOQL string literal the way the SOQL reference defines it (quote, escapes, closing
 * quote), independently of the code under test.
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_quotedstringescapes.htm
 */
function readLiteral(text: string, start = 0): { value: string; end: number } {
  const escapes: Record<string, string> = { n: '\n', N: '\n', r: '\r', R: '\r', t: '\t', T: '\t', b: '\b', B: '\b', f: '\f', F: '\f', '"': '"', "'": "'", '\\': '\\' };
  if (text[start] !== "'") throw new Error(`no literal at ${start}`);
  let value = '';
  for (let i = start + 1; i < text.length; ) {
    const char = text[i];
    if (char === "'") return { value, end: i + 1 };
    if (char !== '\\') {
      value += char;
      i++;
    } else if (text[i + 1] === 'u' && /^[0-9a-f]{4}$/i.test(text.slice(i + 2, i + 6))) {
      value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
      i += 6;
    } else if (escapes[text[i + 1]] !== undefined) {
      value += escapes[text[i + 1]];
      i += 2;
    } else {
      throw new Error(`illegal escape at ${i}`);
    }
  }
  throw new Error('unterminated literal');
}

const FIELDS: Record<string, SoqlField> = {
  id: { name: 'Id', type: 'id' },
  name: { name: 'Name', type: 'text' },
  stage: { name: 'StageName', type: 'picklist' },
  amount: { name: 'Amount', type: 'number' },
  closeDate: { name: 'CloseDate', type: 'date' },
  modifiedDate: { name: 'LastModifiedDate', type: 'datetime' },
};

const where = (ceql: string) => soqlWhere(parseCeql(ceql), FIELDS);

describe('soqlString', () => {
  it.each([
    ["' OR Name != '", "'\\' OR Name != \\''"],
    ['back\\slash\\', "'back\\\\slash\\\\'"],
    ['\\\'', "'\\\\\\''"],
    ['line\nbreak\r\ttab', "'line\\nbreak\\r\\ttab'"],
    ['nul\u0000bell\u0007del\u007f', "'nul\\u0000bell\\u0007del\\u007f'"],
    ['lone \ud800 surrogate, pair 😀', "'lone \\ud800 surrogate, pair 😀'"],
    ['100% _wild_ "quoted"', "'100% _wild_ \"quoted\"'"],
  ])('writes %j as %s', (value, expected) => {
    expect(soqlString(value)).toBe(expected);
    expect(readLiteral(expected)).toEqual({ value, end: expected.length });
  });

  const hostile = fc.string({ unit: fc.constantFrom("'", '\\', '\n', '\r', '"', '%', '_', 'u', '0', ' ', 'a', '\u0000', '\ud83d', '\ude00', '\u2028') });

  it('round-trips any text and never ends the literal early', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), hostile), (value) => {
        const literal = soqlString(value);
        expect(readLiteral(literal)).toEqual({ value, end: literal.length });
        // Nothing a reader would take for a line break or a control character is left raw.
        expect(literal).not.toMatch(/[\u0000-\u001f\u007f]/);
        const condition = `Name = ${literal} AND Id = 'x'`;
        const read = readLiteral(condition, 'Name = '.length);
        expect(read.value).toBe(value);
        expect(condition.slice(read.end)).toBe(" AND Id = 'x'");
      }),
      { numRuns: 1000 },
    );
  });
});

describe('soqlWhere', () => {
  it('writes text, picklist and id comparisons quoted and escaped', () => {
    expect(where("name = 'Acme' AND stage IN ('Prospecting', 'Closed Won')")).toBe("Name = 'Acme' AND StageName IN ('Prospecting', 'Closed Won')");
    expect(where("name = ''' OR Name != '''")).toBe("Name = '\\' OR Name != \\''");
    expect(where("name LIKE 'Ac%_e\\%'")).toBe("Name LIKE 'Ac%_e\\\\%'");
    expect(where("id IN ('001Sm00000000001AA', null)")).toBe("(Id IN ('001Sm00000000001AA') OR Id = null)");
    expect(where("id = 'not-an-id'")).toBeUndefined();
  });

  it('writes numbers bare, and numeric strings as numbers', () => {
    expect(where('amount >= 1000.5 AND amount < 2000')).toBe('Amount >= 1000.5 AND Amount < 2000');
    expect(where("amount = '10'")).toBe('Amount = 10');
    expect(where('amount NOT IN (1, 2)')).toBe('(Amount NOT IN (1, 2) OR Amount = null)');
    expect(where('amount NOT IN (1, null)')).toBe('(Amount NOT IN (1) AND Amount != null)');
    expect(where('amount = 1e21')).toBeUndefined();
  });

  it('asks for empty fields explicitly on != (CEQL keeps them)', () => {
    expect(where('amount != 5')).toBe('(Amount != 5 OR Amount = null)');
    expect(where("closeDate != '2026-01-31'")).toBe('(CloseDate != 2026-01-31 OR CloseDate = null)');
  });

  it('writes dates and date-times unquoted, in UTC with whole seconds', () => {
    expect(where("closeDate >= '2026-01-31'")).toBe('CloseDate >= 2026-01-31');
    expect(where("modifiedDate > '2026-01-31T10:00:00+02:00'")).toBe('LastModifiedDate > 2026-01-31T08:00:00Z');
    expect(where("modifiedDate > '2026-01-31T10:00:00.000+0000'")).toBe('LastModifiedDate > 2026-01-31T10:00:00Z');
    expect(where("modifiedDate >= '2026-01-31'")).toBe('LastModifiedDate >= 2026-01-31T00:00:00Z');
    expect(where("modifiedDate = '2026-01-31T10:00:00'")).toBe('LastModifiedDate = 2026-01-31T10:00:00Z');
  });

  it('rounds a date-time bound with milliseconds outwards, inclusively', () => {
    expect(where("modifiedDate > '2026-01-31T10:00:00.250Z'")).toBe('LastModifiedDate >= 2026-01-31T10:00:00Z');
    expect(where("modifiedDate < '2026-01-31T10:00:00.250Z'")).toBe('LastModifiedDate <= 2026-01-31T10:00:01Z');
    expect(where("modifiedDate = '2026-01-31T10:00:00.250Z'")).toBeUndefined();
  });

  it('maps null comparisons to = null / != null and drops orderings against null', () => {
    expect(where('name IS NULL AND amount IS NOT NULL')).toBe('Name = null AND Amount != null');
    expect(where('name = null')).toBe('Name = null');
    expect(where('amount > null')).toBeUndefined();
  });

  it('loosens what it cannot write exactly: dropped from AND, the whole OR given up', () => {
    expect(where("name = 'A' AND closeDate > '31/01/2026'")).toBe("Name = 'A'");
    expect(where("name = 'A' OR closeDate > '2026-02-30'")).toBeUndefined();
    expect(where('name = 123')).toBeUndefined();
    expect(where("modifiedDate > 'yesterday'")).toBeUndefined();
    expect(where("(name = 'A' OR name = 'B') AND (amount > 1 OR amount < 0)")).toBe("(Name = 'A' OR Name = 'B') AND (Amount > 1 OR Amount < 0)");
    expect(where("name = 'A' AND (amount > 1 OR name = 1)")).toBe("Name = 'A'");
  });

  it('ignores operators the field type cannot take and fields it does not know', () => {
    const node: CeqlNode = { kind: 'comparison', field: 'name', operator: '!=', value: 'A' };
    expect(soqlWhere(node, FIELDS)).toBeUndefined();
    expect(where("name < 'B'")).toBeUndefined();
    expect(where("stage LIKE 'Clo%'")).toBeUndefined();
    expect(where("unknown = 'x'")).toBeUndefined();
    expect(where("constructor = 'x'")).toBeUndefined();
  });

  it('declares per type which operators are pushed', () => {
    const pushdown = pushdownOf(FIELDS);
    expect(pushdown.name).toEqual({ vendorField: 'Name', operators: ['=', 'IN', 'LIKE', 'IS NULL', 'IS NOT NULL'] });
    expect(pushdown.modifiedDate.operators).not.toContain('!=');
    expect(pushdown.amount.operators).toContain('NOT IN');
  });
});
