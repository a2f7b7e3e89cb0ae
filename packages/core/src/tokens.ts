/**
 * A typed dependency-injection token. It wraps a unique symbol and carries the type it resolves
 * to, so `resolve(container, ElementRegistryToken)` is checked by the compiler instead of being an
 * unchecked cast from a string.
 *
 * @example
 * const Clock = createToken<() => Date>('core.clock');
 */
export interface Token<T> {
  readonly symbol: symbol;
  readonly description: string;
  /** Phantom field: never set, only there so the type parameter is not erased. */
  readonly __type?: T;
}

export function createToken<T>(description: string): Token<T> {
  return { symbol: Symbol(description), description };
}
