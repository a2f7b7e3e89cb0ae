import { BadRequestError } from '@junction/core';
import { parseXml } from './xml';

function refusal(document: string): BadRequestError {
  try {
    parseXml(document);
  } catch (error) {
    if (error instanceof BadRequestError) return error;
    throw new Error(`expected a BadRequestError, got ${String(error)}`);
  }
  throw new Error('expected the document to be refused');
}

describe('XML reader', () => {
  it('reads elements, prefixes, attributes, text, entities, CDATA; skips the declaration, comments and PIs', () => {
    const root = parseXml(
      '\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<!-- a comment -->\n<a:root xmlns:a="urn:a" b:attr=\'1 &gt; 0\'>\n' +
        '<?pi data?><child x="&quot;q&quot;">Tom &amp; Jerry &#x263A; &#65;</child><empty xsi:nil="true"/><c><![CDATA[<not> & markup]]></c></a:root>\n',
    );
    expect(root).toMatchObject({ name: 'a:root', local: 'root', attributes: { 'xmlns:a': 'urn:a', 'b:attr': '1 > 0' } });
    expect(root.children.map((c) => [c.local, c.text, c.attributes])).toEqual([
      ['child', 'Tom & Jerry \u263A A', { x: '"q"' }],
      ['empty', '', { 'xsi:nil': 'true' }],
      ['c', '<not> & markup', {}],
    ]);
  });

  it('finds the end of a start tag past a > inside a quoted attribute', () => {
    expect(parseXml('<r a="x>y"><k/></r>').children.map((c) => c.name)).toEqual(['k']);
  });

  it.each([
    ['a DOCTYPE', '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><r>&a;</r>', /document type declarations/],
    ['an external entity', '<!DOCTYPE r SYSTEM "file:///etc/passwd"><r/>', /document type declarations/],
    ['a DOCTYPE inside the root', '<r><!ENTITY x "y"></r>', /document type declarations/],
    ['an undeclared entity', '<r>&lol;</r>', /unknown entity &lol;/],
    ['a bare ampersand', '<r>a & b</r>', /bare &/],
    ['an out-of-range character reference', '<r>&#x110000;</r>', /unknown entity/],
    ['an unclosed element', '<r><a></r>', /does not close/],
    ['a stray end tag', '<r></r></x>', /does not close/],
    ['two roots', '<r/><s/>', /more than one root/],
    ['text after the root', '<r/>trailing', /text outside the root/],
    ['no root', '<?xml version="1.0"?>', /no root element/],
    ['an unterminated tag', '<r attr="1"', /not closed/],
    ['an unterminated comment', '<r><!-- no end</r>', /not closed/],
    ['a bad attribute', '<r attr=1/>', /name="value"/],
    ['a repeated attribute', '<r a="1" a="2"/>', /repeated/],
    ['a nameless tag', '< r/>', /no valid name/],
    ['deep nesting', `${'<a>'.repeat(40)}${'</a>'.repeat(40)}`, /nested too deeply/],
    ['JSON', '{"not": "xml"}', /text outside the root/],
  ])('refuses %s with a 400 naming the problem', (_, document, reason) => {
    const error = refusal(document);
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/^Malformed XML in the webhook body: /);
    expect(error.message).toMatch(reason);
  });
});
