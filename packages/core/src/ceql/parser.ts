import type { CeqlNode, CeqlValue, ComparisonOperator, Logical } from './ast';
import { isKeyword, isNumberLiteral, tokenize, type Token } from './lexer';
import { CeqlSyntaxError } from './syntax-error';

/** Longest query accepted; real `where=` clauses are far shorter, and the cap bounds parse cost. */
export const MAX_CEQL_LENGTH = 4000;
/** Deepest parenthesis nesting accepted, so a hostile query cannot exhaust the stack. */
export const MAX_CEQL_DEPTH = 50;

const OPERATOR_LIST = '=, !=, <>, <, >, <=, >=, LIKE, IN, NOT IN, IS NULL or IS NOT NULL';

function describe(token: Token): string {
  if (token.kind === 'end') return 'end of input';
  const raw = token.raw.length > 20 ? `${token.raw.slice(0, 20)}…` : token.raw;
  return `'${raw}'`;
}

function expected(what: string, token: Token): CeqlSyntaxError {
  return new CeqlSyntaxError(`expected ${what} at position ${token.position}, found ${describe(token)}`, token.position);
}

/** Joins operands under one node, absorbing children of the same kind so `a AND (b AND c)` is one AND. */
function logical(kind: Logical['kind'], operands: CeqlNode[]): CeqlNode {
  if (operands.length === 1) return operands[0];
  return { kind, operands: operands.flatMap((node) => (node.kind === kind ? node.operands : [node])) };
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): CeqlNode {
    const node = this.parseOr();
    const next = this.peek();
    if (next.kind === ')') {
      throw new CeqlSyntaxError(`unbalanced parentheses: ')' at position ${next.position} has no matching '('`, next.position);
    }
    if (next.kind !== 'end') throw expected('AND, OR or end of input', next);
    return node;
  }

  private peek(): Token {
    return this.tokens[this.index];
  }

  private next(): Token {
    const token = this.tokens[this.index];
    if (token.kind !== 'end') this.index++;
    return token;
  }

  private atKeyword(keyword: string): boolean {
    const token = this.peek();
    return token.kind === 'word' && isKeyword(token.text) && token.text.toUpperCase() === keyword;
  }

  private parseOr(): CeqlNode {
    const operands = [this.parseAnd()];
    while (this.atKeyword('OR')) {
      this.next();
      operands.push(this.parseAnd());
    }
    return logical('or', operands);
  }

  private parseAnd(): CeqlNode {
    const operands = [this.parsePrimary()];
    while (this.atKeyword('AND')) {
      this.next();
      operands.push(this.parsePrimary());
    }
    return logical('and', operands);
  }

  private parsePrimary(): CeqlNode {
    const open = this.peek();
    if (open.kind !== '(') return this.parsePredicate();
    if (this.depth >= MAX_CEQL_DEPTH) {
      throw new CeqlSyntaxError(`parentheses nested deeper than ${MAX_CEQL_DEPTH} levels at position ${open.position}`, open.position);
    }
    this.next();
    this.depth++;
    const node = this.parseOr();
    this.depth--;
    const close = this.next();
    if (close.kind !== ')') {
      throw new CeqlSyntaxError(
        `unbalanced parentheses: expected ')' at position ${close.position} to close the '(' at position ${open.position}, found ${describe(close)}`,
        close.position,
      );
    }
    return node;
  }

  private parseField(): string {
    const token = this.next();
    if (token.kind === 'quoted-field') return token.text;
    if (token.kind === 'word' && !token.text.startsWith('-') && !isKeyword(token.text)) return token.text;
    throw expected("a field name or '('", token);
  }

  private parsePredicate(): CeqlNode {
    const field = this.parseField();
    const token = this.next();
    if (token.kind === 'operator') {
      const operator: ComparisonOperator = token.text === '<>' ? '!=' : (token.text as ComparisonOperator);
      return { kind: 'comparison', field, operator, value: this.parseValue(`after '${token.text}'`) };
    }
    const keyword = token.kind === 'word' && isKeyword(token.text) ? token.text.toUpperCase() : undefined;
    if (keyword === 'LIKE') return { kind: 'comparison', field, operator: 'LIKE', value: this.parseValue('after LIKE') };
    if (keyword === 'IN') return { kind: 'in', field, negated: false, values: this.parseList('IN') };
    if (keyword === 'NOT') {
      if (!this.atKeyword('IN')) throw expected('IN after NOT', this.peek());
      this.next();
      return { kind: 'in', field, negated: true, values: this.parseList('NOT IN') };
    }
    if (keyword === 'IS') {
      const negated = this.atKeyword('NOT');
      if (negated) this.next();
      if (!this.atKeyword('NULL')) throw expected(negated ? 'NULL after IS NOT' : 'NULL or NOT NULL after IS', this.peek());
      this.next();
      return { kind: 'null', field, negated };
    }
    throw expected(`an operator (${OPERATOR_LIST}) after the field name`, token);
  }

  private parseList(operator: string): CeqlValue[] {
    const open = this.next();
    if (open.kind !== '(') throw expected(`'(' after ${operator}`, open);
    if (this.peek().kind === ')') {
      const close = this.peek();
      throw new CeqlSyntaxError(`empty ${operator} list: expected a value at position ${close.position}`, close.position);
    }
    const values = [this.parseValue(`in the ${operator} list`)];
    for (;;) {
      const token = this.next();
      if (token.kind === ')') return values;
      if (token.kind !== ',') throw expected(`',' or ')' in the ${operator} list`, token);
      values.push(this.parseValue("after ','"));
    }
  }

  private parseValue(context: string): CeqlValue {
    const token = this.next();
    if (token.kind === 'string') return token.text;
    if (token.kind === 'word') {
      const keyword = isKeyword(token.text) ? token.text.toUpperCase() : undefined;
      if (keyword === 'TRUE') return true;
      if (keyword === 'FALSE') return false;
      if (keyword === 'NULL') return null;
      if (isNumberLiteral(token.text)) {
        const value = Number(token.text);
        if (Number.isFinite(value)) return value;
        throw new CeqlSyntaxError(`number out of range at position ${token.position}`, token.position);
      }
    }
    throw expected(`a value ${context}`, token);
  }
}

/**
 * Parses a CEQL `where=` clause into a tree. AND binds tighter than OR, keywords are
 * case-insensitive, `<>` becomes `!=`, and nested ANDs (or ORs) are flattened into one node.
 *
 * @throws {@link CeqlSyntaxError} for anything that is not valid CEQL, including empty input,
 * input over {@link MAX_CEQL_LENGTH} characters and nesting over {@link MAX_CEQL_DEPTH} levels.
 */
export function parseCeql(text: string): CeqlNode {
  // The text usually comes straight from a query string, where a repeated parameter arrives as an array.
  if (typeof text !== 'string') throw new CeqlSyntaxError('expected the query to be text at position 0', 0);
  if (text.length > MAX_CEQL_LENGTH) {
    throw new CeqlSyntaxError(`query longer than ${MAX_CEQL_LENGTH} characters at position ${MAX_CEQL_LENGTH}`, MAX_CEQL_LENGTH);
  }
  return new Parser(tokenize(text)).parse();
}
