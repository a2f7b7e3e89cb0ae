import { BadRequestError } from '@junction/core';

/**
 * A small XML reader for the fixed SOAP documents Salesforce posts (outbound messages). It reads
 * elements, attributes, text and CDATA, skips the declaration, processing instructions and
 * comments, and refuses any document type declaration: with no DTD there are no custom entities,
 * so nothing can expand (billion laughs) or reach outside the document (external entities). Only
 * the five predefined entities and character references are decoded.
 */

/** An element: its qualified name, the local part, attributes and content. */
export interface XmlElement {
  name: string;
  local: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (CDATA included), entities decoded. */
  text: string;
}

/** Nesting deeper than this is refused: outbound messages are five levels deep. */
const MAX_DEPTH = 32;
const NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?/;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function malformed(reason: string): BadRequestError {
  return new BadRequestError(`Malformed XML in the webhook body: ${reason}`);
}

function decode(text: string): string {
  return text.replace(/&([^;&\s]{1,10});|&/g, (match, entity: string | undefined) => {
    if (entity === undefined) throw malformed('a bare & outside an entity');
    if (Object.hasOwn(ENTITIES, entity)) return ENTITIES[entity];
    const code = /^#x([0-9A-Fa-f]{1,6})$/.exec(entity)?.[1] ?? /^#(\d{1,7})$/.exec(entity)?.[1];
    const point = code === undefined ? Number.NaN : Number.parseInt(code, entity.startsWith('#x') ? 16 : 10);
    if (!Number.isInteger(point) || point < 1 || point > 0x10ffff || (point >= 0xd800 && point <= 0xdfff)) throw malformed(`unknown entity ${match}`);
    return String.fromCodePoint(point);
  });
}

function readAttributes(source: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  const pattern = /\s+([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;
  let at = 0;
  while (at < source.length) {
    if (/^\s*$/.test(source.slice(at))) break;
    pattern.lastIndex = at;
    const match = pattern.exec(source);
    if (!match) throw malformed('an attribute is not name="value"');
    if (Object.hasOwn(attributes, match[1])) throw malformed(`attribute ${match[1]} is repeated`);
    attributes[match[1]] = decode(match[2] ?? match[3] ?? '');
    at = pattern.lastIndex;
  }
  return attributes;
}

/** Parses a whole document into its root element; a `BadRequestError` (400) for anything malformed or with a DTD. */
export function parseXml(document: string): XmlElement {
  const text = document.replace(/^\uFEFF/, '');
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf('<', at);
    const chunk = text.slice(at, open === -1 ? text.length : open);
    if (stack.length) stack[stack.length - 1].text += decode(chunk);
    else if (chunk.trim()) throw malformed('text outside the root element');
    if (open === -1) break;
    at = skipMarkup(text, open, stack);
    if (at !== open) continue;
    if (text.startsWith('</', open)) {
      const close = text.indexOf('>', open);
      const name = close === -1 ? '' : text.slice(open + 2, close).trim();
      const element = stack.pop();
      if (!element || element.name !== name) throw malformed(`</${name.slice(0, 40)}> does not close the open element`);
      at = close + 1;
      continue;
    }
    const close = tagEnd(text, open);
    const selfClosing = text[close - 1] === '/';
    const inside = text.slice(open + 1, selfClosing ? close - 1 : close);
    const name = NAME.exec(inside)?.[0];
    if (!name) throw malformed('a tag has no valid name');
    if (root && !stack.length) throw malformed('more than one root element');
    if (stack.length >= MAX_DEPTH) throw malformed('elements nested too deeply');
    const element: XmlElement = { name, local: name.slice(name.indexOf(':') + 1), attributes: readAttributes(inside.slice(name.length)), children: [], text: '' };
    if (stack.length) stack[stack.length - 1].children.push(element);
    else root = element;
    if (!selfClosing) stack.push(element);
    at = close + 1;
  }
  if (stack.length) throw malformed(`<${stack[stack.length - 1].name}> is not closed`);
  if (!root) throw malformed('no root element');
  return root;
}

/** The `>` ending the start tag at `open`, past any `>` inside quoted attribute values. */
function tagEnd(text: string, open: number): number {
  let quote = '';
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (quote) quote = c === quote ? '' : quote;
    else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
  }
  throw malformed('a tag is not closed');
}

/** Skips a declaration, processing instruction, comment or CDATA at `open` (CDATA text goes to the open element); `open` itself when there is none. */
function skipMarkup(text: string, open: number, stack: XmlElement[]): number {
  const end = (marker: string, from: number) => {
    const found = text.indexOf(marker, from);
    if (found === -1) throw malformed(`${text.slice(open, open + 9)} is not closed`);
    return found + marker.length;
  };
  if (text.startsWith('<?', open)) return end('?>', open + 2);
  if (text.startsWith('<!--', open)) return end('-->', open + 4);
  if (text.startsWith('<![CDATA[', open)) {
    const after = end(']]>', open + 9);
    if (!stack.length) throw malformed('CDATA outside the root element');
    stack[stack.length - 1].text += text.slice(open + 9, after - 3);
    return after;
  }
  if (text.startsWith('<!', open)) throw malformed('document type declarations (DOCTYPE, ENTITY) are not accepted');
  return open;
}
