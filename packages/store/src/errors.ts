/** A write collided with existing data, e.g. signing up with an email that is already registered. */
export class StoreConflictError extends Error {
  override readonly name = 'StoreConflictError';
}
