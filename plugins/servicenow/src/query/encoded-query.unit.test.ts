import { parseCeql, type CeqlNode, type CeqlValue } from '@junction/core';
import fc from 'fast-check';
import { incidentQueryFields } from '../resources/incidents';
import { encodeQuery, pushdownFor, type QueryFields } from './encoded-query';

const ID = '46d44a5dc611227500c1b6be21cf2d22';
const OTHER_ID = '681b365ec0a80164000fb0b05854a0cd';

function encode(where: string, required: string[] = []) {
  return encodeQuery(parseCeql(where), incidentQueryFields, required);
}

describe('encodeQuery', () => {
  it('writes nothing for no query, and only the required scope when given one', () => {
    expect(encodeQuery(undefined, incidentQueryFields)).toEqual({ text: '', exact: true });
    expect(encodeQuery(undefined, incidentQueryFields, ['roles=itil'])).toEqual({ text: 'roles=itil', exact: true });
  });

  it.each([
    ["status = 'New'", 'state=1'],
    ["status = 'Canceled'", 'state=8'],
    ["status = '4'", 'state=4'],
    ['status = 5', 'state=5'],
    ["priority IN ('Critical', 'High')", 'priorityIN1,2'],
    ["status != 'Closed'", 'state!=7^ORstateISEMPTY'],
    ["status NOT IN ('Resolved', 'Closed')", 'stateNOT IN6,7^ORstateISEMPTY'],
    ["subject = 'VPN down'", 'short_description=VPN down'],
    ["number IN ('INC0010001', 'INC0010002')", 'numberININC0010001,INC0010002'],
    ["subject LIKE '%vpn%'", 'short_descriptionLIKEvpn'],
    ["subject LIKE 'vpn%'", 'short_descriptionSTARTSWITHvpn'],
    ["subject LIKE '%down'", 'short_descriptionENDSWITHdown'],
    ['assigneeId IS NULL', 'assigned_toISEMPTY'],
    ['reporterId IS NOT NULL', 'caller_idISNOTEMPTY'],
    [`assigneeId = '${ID}'`, `assigned_to=${ID}`],
    [`assigneeId != '${ID}'`, `assigned_to!=${ID}^ORassigned_toISEMPTY`],
    [`assigneeId NOT IN ('${ID}', '${OTHER_ID}')`, `assigned_toNOT IN${ID},${OTHER_ID}^ORassigned_toISEMPTY`],
    ["createdDate >= '2024-05-01T08:30:00Z'", 'sys_created_on>=2024-05-01 08:30:00'],
    ["createdDate < '2024-05-01'", 'sys_created_on<2024-05-01 00:00:00'],
    ["modifiedDate > '2024-05-01T10:30:00+02:00'", 'sys_updated_on>2024-05-01 08:30:00'],
  ])('pushes %s as %s', (where, text) => {
    expect(encode(where)).toEqual({ text, exact: true });
  });

  it('moves a bound with a fraction of a second to the whole second ServiceNow compares with', () => {
    expect(encode("createdDate >= '2024-05-01T08:30:00.250Z'").text).toBe('sys_created_on>2024-05-01 08:30:00');
    expect(encode("createdDate > '2024-05-01T08:30:00.250Z'").text).toBe('sys_created_on>2024-05-01 08:30:00');
    expect(encode("createdDate < '2024-05-01T08:30:00.250Z'").text).toBe('sys_created_on<=2024-05-01 08:30:00');
    expect(encode("createdDate <= '2024-05-01T08:30:00.250Z'").text).toBe('sys_created_on<=2024-05-01 08:30:00');
  });

  it('joins AND with ^ and a top-level OR of single conditions with ^OR', () => {
    expect(encode("status = 'New' AND priority = 'High'").text).toBe('state=1^priority=2');
    expect(encode("status = 'New' OR priority = 'High' OR assigneeId IS NULL").text).toBe('state=1^ORpriority=2^ORassigned_toISEMPTY');
  });

  it('relies on ^OR binding tighter than ^ for an OR inside an AND', () => {
    expect(encode("status = 'New' AND (priority = 'High' OR priority = 'Critical') AND (subject LIKE '%vpn%' OR assigneeId IS NULL)").text).toBe(
      'state=1^priority=2^ORpriority=1^short_descriptionLIKEvpn^ORassigned_toISEMPTY',
    );
  });

  it('writes an OR of AND groups as ^NQ queries and distributes conjuncts and scope into each', () => {
    expect(encode("(status = 'New' AND priority = 'High') OR (status = 'On Hold' AND assigneeId IS NULL)")).toEqual({
      text: 'state=1^priority=2^NQstate=3^assigned_toISEMPTY',
      exact: true,
    });
    expect(encode("subject LIKE '%vpn%' AND ((status = 'New' AND priority = 'High') OR status = 'On Hold')", ['active=true']).text).toBe(
      'active=true^short_descriptionLIKEvpn^state=1^priority=2^NQactive=true^short_descriptionLIKEvpn^state=3',
    );
  });

  it('never pushes a value holding the ^ separator, which ServiceNow cannot escape', () => {
    expect(encode("subject = 'x^ORactive=false'")).toEqual({ text: '', exact: false });
    expect(encode("subject LIKE '%x^NQactive=false%'")).toEqual({ text: '', exact: false });
    expect(encode("status = 'New' AND subject IN ('a', 'x^ORactive=false')")).toEqual({ text: 'state=1', exact: false });
  });

  it('never pushes script the instance would run, control characters, blanks or the NULL keyword', () => {
    for (const value of ['javascript:gs.getUserID()', ' padded', 'line\nbreak', '', 'null']) {
      expect(encodeQuery({ kind: 'comparison', field: 'subject', operator: '=', value }, incidentQueryFields)).toEqual({ text: '', exact: false });
    }
  });

  it('leaves to memory what ServiceNow would answer more strictly than CEQL', () => {
    // case-insensitive instances would drop 'VPN' for a text !=; a non-canonical sys_id could differ in case
    expect(encode("subject != 'vpn'").exact).toBe(false);
    expect(encode(`assigneeId != '${ID.toUpperCase()}'`).exact).toBe(false);
    // `1` shows as 'New', so no stored state shows as '1'
    expect(encode("status != '1'").exact).toBe(false);
    expect(encode("status = 'new'").exact).toBe(false);
    // wildcards inside, `_`, a whole-value LIKE, non-ASCII case folding, a comma in an IN list
    for (const where of ["subject LIKE '%a%b%'", "subject LIKE '%a_b%'", "subject LIKE 'vpn'", "subject LIKE '%é%'", "subject IN ('a,b')"]) {
      expect(encode(where)).toEqual({ text: '', exact: false });
    }
    // ordering on text or codes, a date that CEQL would not read as one
    for (const where of ["subject > 'm'", "priority < 'Low'", "createdDate > 'yesterday'", "createdDate = '2024-05-01T00:00:00Z'"]) {
      expect(encode(where)).toEqual({ text: '', exact: false });
    }
  });

  it('drops an unwritable conjunct but a whole OR with an unwritable branch', () => {
    expect(encode("status = 'New' AND subject LIKE '%a%b%'")).toEqual({ text: 'state=1', exact: false });
    expect(encode("status = 'New' AND (priority = 'High' OR subject LIKE '%a%b%')")).toEqual({ text: 'state=1', exact: false });
    expect(encode("status = 'New' OR subject LIKE '%a%b%'")).toEqual({ text: '', exact: false });
  });

  it('keeps an OR whose branch lost only a conjunct: that branch is looser, not gone', () => {
    expect(encode("status = 'New' OR (priority = 'High' AND subject LIKE '%a%b%')")).toEqual({ text: 'state=1^ORpriority=2', exact: false });
  });

  it('gives up on distributing AND over more ^NQ groups than it allows', () => {
    // 3 groups AND 3 groups would be 9 ^NQ queries: the second factor is left to memory
    const threeGroups = "((status = 'New' AND priority = 'High') OR (status = 'On Hold' AND priority = 'Low') OR status = 'Closed')";
    const encoded = encode(`${threeGroups} AND ${threeGroups}`);
    expect(encoded.exact).toBe(false);
    expect(encoded.text).toBe('state=1^priority=2^NQstate=3^priority=4^NQstate=7');
  });

  it('ignores fields it was not told about, including ones named like prototype members', () => {
    expect(encodeQuery(parseCeql("constructor = 'x' AND toString = 'y'"), incidentQueryFields)).toEqual({ text: '', exact: false });
  });
});

describe('pushdownFor', () => {
  it('declares operators by kind and gives no vendor name to choice fields, whose native values are codes', () => {
    const pushdown = pushdownFor(incidentQueryFields);
    expect(pushdown.subject).toEqual({ vendorField: 'short_description', operators: ['=', 'IN', 'LIKE', 'IS NULL', 'IS NOT NULL'] });
    expect(pushdown.status).toEqual({ operators: ['=', '!=', 'IN', 'NOT IN', 'IS NULL', 'IS NOT NULL'] });
    expect(pushdown.createdDate).toEqual({ vendorField: 'sys_created_on', operators: ['<', '>', '<=', '>=', 'IS NULL', 'IS NOT NULL'] });
  });
});

describe('encodeQuery (properties)', () => {
  const fields: QueryFields = {
    ...incidentQueryFields,
    active: { column: 'active', kind: 'boolean' },
  };
  /** Values built from the separator and the letters of operators; any holding `^` is tagged with `§`. */
  const value: fc.Arbitrary<CeqlValue> = fc.oneof(
    fc.string({ unit: fc.constantFrom('^', 'O', 'R', 'N', 'Q', 'a', '=', ',', '%', ' ', 'N', 'e', 'w'), maxLength: 10 }).map((v) => (v.includes('^') ? `${v}§` : v)),
    fc.constantFrom('New', 'High', 'x^ORactive=false§', '%^%§', ID, '2024-05-01T00:00:00Z', true),
    fc.integer({ min: -2, max: 9 }),
  );
  const predicate: fc.Arbitrary<CeqlNode> = fc.oneof(
    fc.record({ kind: fc.constant('comparison' as const), field: fc.constantFrom(...Object.keys(fields)), operator: fc.constantFrom('=' as const, '!=' as const, '<' as const, '>=' as const, 'LIKE' as const), value }),
    fc.record({ kind: fc.constant('in' as const), field: fc.constantFrom(...Object.keys(fields)), values: fc.array(value, { minLength: 1, maxLength: 3 }), negated: fc.boolean() }),
    fc.record({ kind: fc.constant('null' as const), field: fc.constantFrom(...Object.keys(fields)), negated: fc.boolean() }),
  );
  const tree: fc.Arbitrary<CeqlNode> = fc.letrec<{ node: CeqlNode }>((tie) => ({
    node: fc.oneof(
      { maxDepth: 3 },
      predicate,
      fc.record({ kind: fc.constantFrom('and' as const, 'or' as const), operands: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
    ),
  })).node;

  it('never lets a value with ^ into the pushed query, so every ^ is a separator it wrote', () => {
    const separated = /^(?:NQ|OR)?[a-z_]+(?:=|!=|<=|>=|<|>|IN|NOT IN|LIKE|STARTSWITH|ENDSWITH|ISEMPTY|ISNOTEMPTY)/;
    fc.assert(
      fc.property(tree, (where) => {
        const { text } = encodeQuery(where, fields, ['active=true']);
        expect(text).not.toContain('§');
        for (const part of text.split('^')) expect(part).toMatch(separated);
      }),
      { numRuns: 500 },
    );
  });
});
