/**
 * A query that is not valid CEQL. The message is what API clients see, so it always starts with
 * `Error parsing query` (the wording Cloud Elements clients already match on) and names the offset.
 */
export class CeqlSyntaxError extends Error {
  /** 0-based offset (UTF-16 code units) into the query text where parsing failed. */
  readonly position: number;

  /**
   * @param detail - what went wrong, including the position, e.g. `expected a value after '=' at position 7`
   * @param position - 0-based offset into the query text
   */
  constructor(detail: string, position: number) {
    super(`Error parsing query: ${detail}`);
    this.name = 'CeqlSyntaxError';
    this.position = position;
  }
}
