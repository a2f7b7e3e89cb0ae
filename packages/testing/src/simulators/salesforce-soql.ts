/**
 * A parser for the subset of SOQL the Salesforce simulator answers:
 * `SELECT f1, f2 FROM Object [WHERE …] [ORDER BY f [ASC|DESC] [NULLS FIRST|LAST], …] [LIMIT n] [OFFSET n]`.
 * Conditions take `= != <> < <= > >= LIKE IN NOT IN`, `NOT`, and AND/OR, which SOQL refuses to mix
 * without parentheses. String literals follow SOQL's escapes; date and date-time literals are
 * unquoted (`2024-01-31`, `2024-01-31T10:00:00Z`).
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select.htm
 */
import { SalesforceFault } from './salesforce-schema';

/** A literal value in a condition. */
export type SoqlLiteral =
  | { kind: 'string'; value: string; like: RegExp; likeEscapes: boolean }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'date'; value: string }
  | { kind: 'datetime'; instant: number };

export type SoqlOperator = '=' | '!=' | '<' | '>' | '<=' | '>=' | 'LIKE';

/** A WHERE condition. */
export type SoqlCondition =
  | { kind: 'compare'; field: string; operator: SoqlOperator; value: SoqlLiteral }
  | { kind: 'in'; field: string; negated: boolean; values: SoqlLiteral[] }
  | { kind: 'not'; operand: SoqlCondition }
  | { kind: 'and' | 'or'; operands: SoqlCondition[] };

/** A parsed query. */
export interface SoqlSelect {
  fields: string[];
  from: string;
  where?: SoqlCondition;
  orderBy: { field: string; descending: boolean; nullsFirst: boolean }[];
  limit?: number;
  offset?: number;
}

interface Token {
  type: 'word' | 'string' | 'number' | 'date' | 'datetime' | 'symbol' | 'end';
  text: string;
  literal?: SoqlLiteral;
  position: number;
}

/** A MALFORMED_QUERY fault pointing at a column, worded like Salesforce's. */
export function malformed(position: number, problem: string): SalesforceFault {
  return SalesforceFault.of(400, 'MALFORMED_QUERY', `\nERROR at Row:1:Column:${position + 1}\n${problem}`);
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '"': '"', "'": "'", '\\': '\\' };

function escapeRegExp(char: string): string {
  return char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Reads a quoted literal starting at `start` (the opening quote); decodes SOQL's escape sequences. */
function readString(text: string, start: number): Token {
  let value = '';
  let pattern = '';
  let likeEscapes = false;
  let i = start + 1;
  for (;;) {
    if (i >= text.length) throw malformed(start, 'unterminated string literal');
    const char = text[i];
    if (char === "'") break;
    if (char !== '\\') {
      value += char;
      pattern += char === '%' ? '.*' : char === '_' ? '.' : escapeRegExp(char);
      i++;
      continue;
    }
    const next = text[i + 1] ?? '';
    const simple = SIMPLE_ESCAPES[next.toLowerCase()] ?? SIMPLE_ESCAPES[next];
    if (simple !== undefined && (next.toLowerCase() === next || 'NRTBF'.includes(next))) {
      value += simple;
      pattern += escapeRegExp(simple);
      i += 2;
    } else if (next === '%' || next === '_') {
      likeEscapes = true;
      value += next;
      pattern += next;
      i += 2;
    } else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
      const decoded = String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
      value += decoded;
      pattern += escapeRegExp(decoded);
      i += 6;
    } else {
      throw malformed(i, `Invalid string literal. Illegal character sequence '\\${next}' in string literal.`);
    }
  }
  return {
    type: 'string',
    text: text.slice(start, i + 1),
    literal: { kind: 'string', value, like: new RegExp(`^${pattern}$`, 'is'), likeEscapes },
    position: start,
  };
}

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(Z|[+-]\d{2}:\d{2})/;
const DATE = /^\d{4}-\d{2}-\d{2}(?![\dT:])/;
const NUMBER = /^-?\d+(?:\.\d+)?/;

function validDate(date: string): boolean {
  const instant = Date.parse(`${date}T00:00:00Z`);
  return !Number.isNaN(instant) && new Date(instant).toISOString().startsWith(date);
}

function readNumeric(text: string, start: number): Token {
  const rest = text.slice(start);
  const dateTime = DATE_TIME.exec(rest);
  if (dateTime) {
    const instant = Date.parse(dateTime[0]);
    if (!validDate(dateTime[1]) || Number.isNaN(instant)) throw malformed(start, `line 1:${start} no viable alternative at character '${dateTime[0]}'`);
    return { type: 'datetime', text: dateTime[0], literal: { kind: 'datetime', instant }, position: start };
  }
  const date = DATE.exec(rest);
  if (date) {
    if (!validDate(date[0])) throw malformed(start, `line 1:${start} no viable alternative at character '${date[0]}'`);
    return { type: 'date', text: date[0], literal: { kind: 'date', value: date[0] }, position: start };
  }
  const number = NUMBER.exec(rest)![0];
  return { type: 'number', text: number, literal: { kind: 'number', value: Number(number) }, position: start };
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (/\s/.test(char)) {
      i++;
    } else if (char === "'") {
      const token = readString(text, i);
      tokens.push(token);
      i += token.text.length;
    } else if (/\d/.test(char) || (char === '-' && /\d/.test(text[i + 1] ?? ''))) {
      const token = readNumeric(text, i);
      tokens.push(token);
      i += token.text.length;
    } else if (/[A-Za-z_]/.test(char)) {
      const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(i))![0];
      tokens.push({ type: 'word', text: word, position: i });
      i += word.length;
    } else {
      const symbol = ['!=', '<>', '<=', '>=', '=', '<', '>', '(', ')', ','].find((s) => text.startsWith(s, i));
      if (!symbol) throw malformed(i, `line 1:${i} no viable alternative at character '${char}'`);
      tokens.push({ type: 'symbol', text: symbol, position: i });
      i += symbol.length;
    }
  }
  tokens.push({ type: 'end', text: '<EOF>', position: text.length });
  return tokens;
}

class Parser {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.index];
  }

  private next(): Token {
    return this.tokens[this.index++];
  }

  private isWord(word: string, token = this.peek()): boolean {
    return token.type === 'word' && token.text.toUpperCase() === word;
  }

  private unexpected(token = this.peek()): SalesforceFault {
    return malformed(token.position, `unexpected token: ${token.type === 'end' ? '<EOF>' : `'${token.text}'`}`);
  }

  private expectWord(word: string): void {
    if (!this.isWord(word)) throw this.unexpected();
    this.next();
  }

  private expectSymbol(symbol: string): void {
    const token = this.next();
    if (token.type !== 'symbol' || token.text !== symbol) throw this.unexpected(token);
  }

  private identifier(): string {
    const token = this.next();
    if (token.type !== 'word') throw this.unexpected(token);
    return token.text;
  }

  private integer(): number {
    const token = this.next();
    if (token.type !== 'number' || !/^\d+$/.test(token.text)) throw this.unexpected(token);
    return Number(token.text);
  }

  parse(): SoqlSelect {
    this.expectWord('SELECT');
    const fields = [this.identifier()];
    while (this.peek().text === ',') {
      this.next();
      fields.push(this.identifier());
    }
    this.expectWord('FROM');
    const query: SoqlSelect = { fields, from: this.identifier(), orderBy: [] };
    if (this.isWord('WHERE')) {
      this.next();
      query.where = this.condition();
    }
    if (this.isWord('ORDER')) {
      this.next();
      this.expectWord('BY');
      do {
        if (query.orderBy.length) this.next();
        const field = this.identifier();
        const descending = this.isWord('DESC');
        if (descending || this.isWord('ASC')) this.next();
        let nullsFirst = !descending;
        if (this.isWord('NULLS')) {
          this.next();
          nullsFirst = this.isWord('FIRST');
          if (!nullsFirst && !this.isWord('LAST')) throw this.unexpected();
          this.next();
        }
        query.orderBy.push({ field, descending, nullsFirst });
      } while (this.peek().text === ',');
    }
    if (this.isWord('LIMIT')) {
      this.next();
      query.limit = this.integer();
    }
    if (this.isWord('OFFSET')) {
      this.next();
      query.offset = this.integer();
    }
    if (this.peek().type !== 'end') throw this.unexpected();
    return query;
  }

  /** One level of AND or OR; mixing them without parentheses is refused, as by Salesforce. */
  private condition(): SoqlCondition {
    const first = this.unary();
    const kind = this.isWord('AND') ? 'and' : this.isWord('OR') ? 'or' : undefined;
    if (!kind) return first;
    const operands = [first];
    while (this.isWord(kind.toUpperCase())) {
      this.next();
      operands.push(this.unary());
    }
    if (this.isWord('AND') || this.isWord('OR')) throw this.unexpected();
    return { kind, operands };
  }

  private unary(): SoqlCondition {
    if (this.isWord('NOT')) {
      this.next();
      return { kind: 'not', operand: this.unary() };
    }
    if (this.peek().text === '(') {
      this.next();
      const inner = this.condition();
      this.expectSymbol(')');
      return inner;
    }
    return this.predicate();
  }

  private predicate(): SoqlCondition {
    const field = this.identifier();
    const negated = this.isWord('NOT');
    if (negated) this.next();
    if (this.isWord('IN')) {
      this.next();
      this.expectSymbol('(');
      const values = [this.literal()];
      while (this.peek().text === ',') {
        this.next();
        values.push(this.literal());
      }
      this.expectSymbol(')');
      return { kind: 'in', field, negated, values };
    }
    if (negated) throw this.unexpected();
    const token = this.next();
    let operator: SoqlOperator;
    if (token.type === 'word' && token.text.toUpperCase() === 'LIKE') operator = 'LIKE';
    else if (token.type === 'symbol' && ['=', '!=', '<>', '<', '>', '<=', '>='].includes(token.text)) operator = (token.text === '<>' ? '!=' : token.text) as SoqlOperator;
    else throw this.unexpected(token);
    const valueToken = this.peek();
    const value = this.literal();
    if (value.kind === 'string' && value.likeEscapes && operator !== 'LIKE') {
      throw malformed(valueToken.position, "Invalid string literal. Illegal character sequence '\\%' or '\\_' outside a LIKE expression.");
    }
    return { kind: 'compare', field, operator, value };
  }

  private literal(): SoqlLiteral {
    const token = this.next();
    if (token.literal) return token.literal;
    if (this.isWord('NULL', token)) return { kind: 'null' };
    if (this.isWord('TRUE', token) || this.isWord('FALSE', token)) return { kind: 'boolean', value: this.isWord('TRUE', token) };
    throw this.unexpected(token);
  }
}

/** Parses a query; a syntax error is a 400 MALFORMED_QUERY fault. */
export function parseSoql(text: string): SoqlSelect {
  return new Parser(tokenize(text)).parse();
}
