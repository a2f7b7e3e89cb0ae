import type { Database } from '../database/database';
import { migrations } from './index';

const undefinedTable = '42P01';

function codeOf(err: unknown): string | undefined {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Readiness for `GET /ready`: the database answers and every known migration is applied.
 * `reason` is meant for an unauthenticated endpoint, so it carries an error code, never the driver's message.
 */
export async function checkReady(db: Database): Promise<{ ok: boolean; reason?: string }> {
  let applied: Set<string>;
  try {
    const rows = await db.query<{ id: string }>('SELECT id FROM junction_migrations');
    applied = new Set(rows.map((row) => row.id));
  } catch (err) {
    const code = codeOf(err);
    if (code === undefinedTable) return { ok: false, reason: 'migrations not applied' };
    return { ok: false, reason: `database unreachable${code ? ` (${code})` : ''}` };
  }
  const pending = migrations.filter((m) => !applied.has(m.id)).map((m) => m.id);
  if (pending.length > 0) return { ok: false, reason: `pending migrations: ${pending.join(', ')}` };
  return { ok: true };
}
