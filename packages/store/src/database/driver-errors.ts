/** SQLSTATE 23505: a unique constraint or unique index rejected the row. Both engines expose `code`. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}
