import { CeqlSyntaxError } from './syntax-error';

/**
 * The token kinds of CEQL. A `word` is any bare run of identifier characters; whether it is a
 * keyword, a field name or a number depends on where the parser meets it, so the lexer does not decide.
 */
export type TokenKind = 'word' | 'quoted-field' | 'string' | 'operator' | '(' | ')' | ',' | 'unknown' | 'end';

/** One token with the offset it starts at, so errors can point into the query. */
export interface Token {
  kind: TokenKind;
  /** The decoded text: the word, the field name between backticks, the string without quotes, or the operator. */
  text: string;
  /** The source text of the token, for error messages. */
  raw: string;
  position: number;
}

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'IN', 'IS', 'NULL', 'LIKE', 'TRUE', 'FALSE']);

// Unicode letters so non-English field names work unquoted; combining marks only after the first
// character so an accented letter written as two code points stays one word.
const WORD = /[\p{L}\p{Nd}_.$][\p{L}\p{Nd}\p{M}_.$-]*/uy;
const BARE_IDENTIFIER = /^[\p{L}\p{Nd}_.$][\p{L}\p{Nd}\p{M}_.$-]*$/u;
// `-` cannot start an identifier, which is what lets `-5` and `a-b` both lex as one word.
const NEGATIVE_WORD = /-\.?[0-9][\p{L}\p{Nd}\p{M}_.$-]*/uy;
const NUMBER = /^-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE]-?[0-9]+)?$/;
const WHITESPACE = /\s+/uy;
const ANY_CHARACTER = /./suy;
const OPERATORS = ['<=', '>=', '<>', '!=', '=', '<', '>'];

/**
 * Whether `word` is a CEQL keyword. ASCII-only on purpose: `toUpperCase` maps the Turkish dotless
 * `ı` to `I`, which would turn a field named `ın` into the keyword `IN`.
 */
export function isKeyword(word: string): boolean {
  return /^[A-Za-z]+$/.test(word) && KEYWORDS.has(word.toUpperCase());
}

/** Whether `name` can be written as a field without backticks and read back as the same field. */
export function isBareIdentifier(name: string): boolean {
  return BARE_IDENTIFIER.test(name) && !isKeyword(name);
}

/**
 * Whether `text` is a CEQL number literal (`42`, `-1.5`, `.5`, `2e-7`). Evaluation uses the same
 * test to decide when a string in a record counts as numeric, so `'10'` and `10` agree everywhere.
 */
export function isNumberLiteral(text: string): boolean {
  return NUMBER.test(text);
}

function matchAt(pattern: RegExp, text: string, position: number): string | undefined {
  pattern.lastIndex = position;
  return pattern.exec(text)?.[0];
}

/** Reads a `'...'` string, where `''` stands for one quote. */
function readString(text: string, start: number): Token {
  let value = '';
  let i = start + 1;
  for (;;) {
    const close = text.indexOf("'", i);
    if (close < 0) throw new CeqlSyntaxError(`unterminated string starting at position ${start}`, start);
    value += text.slice(i, close);
    if (text[close + 1] !== "'") {
      return { kind: 'string', text: value, raw: text.slice(start, close + 1), position: start };
    }
    value += "'";
    i = close + 2;
  }
}

function readQuotedField(text: string, start: number): Token {
  const close = text.indexOf('`', start + 1);
  if (close < 0) throw new CeqlSyntaxError(`unterminated quoted field name starting at position ${start}`, start);
  if (close === start + 1) throw new CeqlSyntaxError(`empty quoted field name at position ${start}`, start);
  return { kind: 'quoted-field', text: text.slice(start + 1, close), raw: text.slice(start, close + 1), position: start };
}

function readToken(text: string, position: number): Token {
  const char = text[position];
  if (char === "'") return readString(text, position);
  if (char === '`') return readQuotedField(text, position);
  if (char === '(' || char === ')' || char === ',') return { kind: char, text: char, raw: char, position };
  const operator = OPERATORS.find((op) => text.startsWith(op, position));
  if (operator) return { kind: 'operator', text: operator, raw: operator, position };
  const word = matchAt(WORD, text, position) ?? matchAt(NEGATIVE_WORD, text, position);
  if (word) return { kind: 'word', text: word, raw: word, position };
  // Left to the parser to reject, so the message can say what it expected instead of this character.
  const unknown = matchAt(ANY_CHARACTER, text, position) ?? char;
  return { kind: 'unknown', text: unknown, raw: unknown, position };
}

/**
 * Splits CEQL text into tokens, ending with an `end` token at `text.length`.
 *
 * @throws {@link CeqlSyntaxError} for an unterminated string or quoted field name.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let position = 0;
  for (;;) {
    position += matchAt(WHITESPACE, text, position)?.length ?? 0;
    if (position >= text.length) break;
    const token = readToken(text, position);
    tokens.push(token);
    position += token.raw.length;
  }
  tokens.push({ kind: 'end', text: '', raw: '', position: text.length });
  return tokens;
}
