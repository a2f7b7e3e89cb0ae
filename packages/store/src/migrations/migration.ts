/**
 * One schema change. `statements` run in order inside one transaction; one statement per entry
 * because PGlite's extended-protocol `query` accepts a single statement.
 */
export interface Migration {
  /** Sortable and never renamed once released: it is the key in `junction_migrations`. */
  readonly id: string;
  readonly statements: readonly string[];
}
